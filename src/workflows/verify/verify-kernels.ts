import {existsSync} from 'node:fs'
import {join} from 'node:path'

import {stableKernelPath} from '../../domain/kernels/kernel-target.js'
import {type EnvKernel, kernelChecks, type KernelFacts, pythonAfterFlip} from '../../domain/verify/kernel-checks.js'
import type {VerifyCheckResult} from '../../domain/verify-outcome.js'
import {EnvPython} from '../../python/env-python.js'
import {isCondaEnv} from '../../system/fs-facts.js'
import type {Runner} from '../../system/runner.js'
import {baseSpellings, readKernelUse} from '../shared/kernel-usage.js'

export type KernelVerification = {byEnv: Map<string, VerifyCheckResult[]>; warnings: string[]}

const probeIpykernel = async (python: string, job: {runner: Runner; signal: AbortSignal; timeoutMs: number}) => {
  const answer = await new EnvPython({python, runner: job.runner}).probeImports(['ipykernel'], job)
  if (!answer.ok) return {ok: false as const, error: answer.message}
  const probe = answer.value.ipykernel
  if (!probe?.ok) return {ok: false as const, error: probe?.error ?? 'import failed'}
  return probe.version ? {ok: true as const, version: probe.version} : {ok: true as const}
}

/**
 * Checks every kernel spec of the kernels dir whose argv[0] runs an env's python (CONTRACT §3 verify): after the
 * flip it must reach an env of qa that imports ipykernel, and a kernel pinned to a versioned root is flagged.
 * `only` limits it to the kernels of those envs (verify --env). Rows are grouped by env; unreadable specs and
 * kernels outside any env are warnings.
 */
export const verifyKernels = async (job: {
  base: string
  kernelsDir: string
  qaDir: string
  only?: readonly string[]
  runner: Runner
  signal: AbortSignal
  timeoutMs: number
}): Promise<KernelVerification> => {
  const bases = baseSpellings(job.base)
  const result: KernelVerification = {byEnv: new Map(), warnings: []}
  for (const kernel of readKernelUse(job.kernelsDir, job.base)) {
    if (kernel.problem) result.warnings.push(`kernel ${kernel.name}: ${kernel.problem} (${kernel.file})`)
    const {target} = kernel
    if (target.kind === 'root-base' && target.pinned) {
      result.warnings.push(
        `kernel ${kernel.name} runs the base python of root ${target.root}: it keeps that root after cutover`,
      )
    }

    if (target.kind !== 'env' || kernel.argv0 === undefined) continue
    if (job.only && !job.only.includes(target.env)) continue
    const started = performance.now()
    const after =
      pythonAfterFlip(kernel.argv0, target.env, bases, job.qaDir) ??
      join(job.qaDir, 'envs', target.env, 'bin', 'python')
    const facts: KernelFacts = {
      envInQa: isCondaEnv(join(job.qaDir, 'envs', target.env)),
      pythonAfterFlip: after,
      pythonExists: existsSync(after),
    }
    if (facts.envInQa && facts.pythonExists) facts.ipykernel = await probeIpykernel(after, job)
    const envKernel: EnvKernel = {name: kernel.name, file: kernel.file, argv0: kernel.argv0, env: target.env}
    if (target.pinned) {
      envKernel.pinnedTo = target.root
      envKernel.stablePath = stableKernelPath(kernel.argv0, bases, job.base)
    }

    const durationS = (performance.now() - started) / 1000
    const checks = kernelChecks(envKernel, facts, job.qaDir).map((check) => ({...check, durationS}))
    result.byEnv.set(target.env, [...(result.byEnv.get(target.env) ?? []), ...checks])
  }

  return result
}
