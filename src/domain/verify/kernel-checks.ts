import {posix} from 'node:path'

import type {VerifyCheckResult} from '../verify-outcome.js'

/** A kernel whose argv[0] runs an env's python (kernel-target.ts kind `env`). */
export type EnvKernel = {
  name: string
  file: string
  argv0: string
  env: string
  /** Set for `BASE/v4.3/envs/X/…`: the root it is pinned to. */
  pinnedTo?: string
  /** The stable spelling `BASE/envs/X/…` of a pinned kernel's argv[0]. */
  stablePath?: string
}

/** What verify found on disk for one kernel. */
export type KernelFacts = {
  /** qa holds envs/X (with conda-meta/). */
  envInQa: boolean
  /** The interpreter the kernel runs once `current` points at qa's root, and whether it exists. */
  pythonAfterFlip: string
  pythonExists: boolean
  /** `import ipykernel` with that interpreter; absent when not attempted. */
  ipykernel?: {ok: true; version?: string} | {ok: false; error: string}
}

/** The `detail` of the row that flags a pinned kernel; cutover --rewrite-kernels waives exactly these rows. */
export const PINNED_KERNEL_DETAIL = 'pinned kernel'

type Check = Omit<VerifyCheckResult, 'durationS'>

/**
 * Where a kernel's argv[0] leads once qa's root is production: `BASE/envs/X/…` and `BASE/current/envs/X/…` follow
 * `current`; a pinned `BASE/v4.3/envs/X/…` is checked at its stable spelling (what --rewrite-kernels makes of it).
 * `bases` are the spellings of BASE, as for kernelTarget. Undefined when argv[0] is not under `envs/X/` of BASE.
 */
export const pythonAfterFlip = (
  argv0: string,
  env: string,
  bases: readonly string[],
  qaRoot: string,
): string | undefined => {
  const path = posix.normalize(argv0)
  for (const base of bases) {
    const prefix = base.endsWith('/') ? base : `${base}/`
    if (!path.startsWith(prefix)) continue
    const parts = path.slice(prefix.length).split('/')
    const at = parts[0] === 'envs' ? 0 : parts[1] === 'envs' ? 1 : -1
    if (at < 0 || parts[at + 1] !== env) continue
    return posix.join(qaRoot, 'envs', env, parts.slice(at + 2).join('/'))
  }

  return undefined
}

const resolveCheck = (kernel: EnvKernel, facts: KernelFacts, qaRoot: string): Check => {
  const base = {check: 'kernel' as const, detail: `kernel ${kernel.name} (${kernel.file})`}
  const after = `after cutover argv[0] is ${facts.pythonAfterFlip}`
  if (!facts.envInQa) {
    return {
      ...base,
      status: 'failed',
      packages: [kernel.env],
      message: `kernel ${kernel.name} uses env ${kernel.env}, which is not in qa (${posix.join(qaRoot, 'envs', kernel.env)}): it breaks after cutover`,
      remediation: `Mark ${kernel.env} REPLICATE in condamig.ini and run condamig replicate --env ${kernel.env}, or remove the kernel.`,
    }
  }

  if (!facts.pythonExists) {
    return {
      ...base,
      status: 'failed',
      packages: [kernel.env],
      message: `${after}, which does not exist`,
      remediation: `Point argv[0] of ${kernel.file} at the env's bin/python under BASE/envs/${kernel.env}.`,
    }
  }

  if (facts.ipykernel?.ok !== true) {
    const why = facts.ipykernel ? facts.ipykernel.error : 'ipykernel was not probed'
    return {
      ...base,
      status: 'failed',
      packages: ['ipykernel'],
      message: `${after}, but ipykernel does not import: ${why}`,
      remediation: `Add ipykernel to env ${kernel.env} (env_specs/overrides/${kernel.env}.yml) and replicate it again.`,
    }
  }

  const version = facts.ipykernel.version ? ` ${facts.ipykernel.version}` : ''
  return {...base, status: 'ok', packages: [], message: `${after}; ipykernel${version} imports`, remediation: ''}
}

/**
 * The kernel rows of verify for one kernel: does it resolve, after the flip, to an env of qa that has ipykernel;
 * and, for a kernel pinned to a versioned root, one more failed row saying it would keep running the old root.
 */
export const kernelChecks = (kernel: EnvKernel, facts: KernelFacts, qaRoot: string): Check[] => {
  const checks = [resolveCheck(kernel, facts, qaRoot)]
  if (kernel.pinnedTo !== undefined) {
    const fix = kernel.stablePath ? `, or set argv[0] to ${kernel.stablePath}` : ''
    checks.push({
      check: 'kernel',
      status: 'failed',
      detail: `${PINNED_KERNEL_DETAIL} ${kernel.name} (${kernel.file})`,
      packages: [],
      message: `argv[0] ${kernel.argv0} is pinned to root ${kernel.pinnedTo}: after cutover it keeps running the old root`,
      remediation: `Run condamig cutover --rewrite-kernels (it keeps a backup of kernel.json)${fix}.`,
    })
  }

  return checks
}
