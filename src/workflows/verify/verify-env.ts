import {realpathSync} from 'node:fs'
import {join} from 'node:path'

import type {Conda} from '../../conda/conda.js'
import {computeDrift, driftCheck, type InstalledPackage} from '../../domain/verify/drift.js'
import {expectedPackages} from '../../domain/verify/expected-packages.js'
import {importModuleFor} from '../../domain/verify/import-names.js'
import type {VerifyCheck, VerifyCheckResult} from '../../domain/verify-outcome.js'
import {EnvPython} from '../../python/env-python.js'
import {readInstalledPackages} from '../../system/env-files.js'
import {isCondaEnv} from '../../system/fs-facts.js'
import type {Runner} from '../../system/runner.js'
import type {LoadedPlan} from '../replicate/load-plan.js'
import {envModules} from './env-modules.js'
import {runEnvTest} from './run-env-test.js'
import type {RunLog} from '../../system/run-log.js'

type Check = Omit<VerifyCheckResult, 'durationS'>

/** Everything one env's checks need. */
export type VerifyEnvJob = {
  name: string
  /** BASE/<qa root>/envs/NAME. */
  prefix: string
  qaConda: Conda
  /** The same env in current, when it is there (drift vs current; read from its files, never through conda). */
  current?: {prefix: string}
  plan: LoadedPlan
  /** The `[tests]` command, if any. */
  test?: string
  runner: Runner
  path: string | undefined
  timeoutMs: number
  signal: AbortSignal
  log: RunLog
}

const skipped = (check: VerifyCheck, why: string): Check => ({
  check,
  status: 'skipped',
  detail: '',
  packages: [],
  message: why,
  remediation: '',
})

const real = (path: string): string => {
  try {
    return realpathSync(path)
  } catch {
    return path
  }
}

/** Times a check; the log gets one line per check. */
const timed = async (log: RunLog, work: () => Promise<Check>): Promise<VerifyCheckResult> => {
  const started = performance.now()
  const check = await work()
  const result = {...check, durationS: (performance.now() - started) / 1000}
  log.note(`${check.check}: ${check.status}${check.message ? ` — ${check.message.replaceAll('\n', '; ')}` : ''}`)
  return result
}

const pythonCheck = async (job: VerifyEnvJob, python: EnvPython): Promise<Check> => {
  const answer = await python.pythonVersion({signal: job.signal, timeoutMs: job.timeoutMs})
  const detail = python.python
  const remediation = `Rebuild it with condamig replicate --env ${job.name}.`
  if (!answer.ok) return {check: 'python', status: 'failed', detail, packages: [], message: answer.message, remediation}
  // a python that starts but belongs to another prefix (a copied env, a broken link) is not this env's python
  if (real(answer.value.prefix) !== real(job.prefix)) {
    const message = `python ${answer.value.version} runs with sys.prefix ${answer.value.prefix}, not ${job.prefix}`
    return {check: 'python', status: 'failed', detail, packages: [], message, remediation}
  }

  return {
    check: 'python',
    status: 'ok',
    detail: `python ${answer.value.version}`,
    packages: [],
    message: '',
    remediation: '',
  }
}

const importsCheck = async (job: VerifyEnvJob, python: EnvPython): Promise<Check> => {
  if (!job.plan.ok) return skipped('imports', `no spec to take the package list from: ${job.plan.message}`)
  const modulesOf = envModules(job.prefix)
  const byModule = new Map<string, string>()
  for (const pkg of expectedPackages(job.plan.plan)) {
    const module = importModuleFor(pkg.name, modulesOf(pkg))
    if (module !== undefined && !byModule.has(module)) byModule.set(module, pkg.name)
  }

  const modules = [...byModule.keys()]
  if (modules.length === 0) return skipped('imports', 'no package of the spec installs a python module')
  const detail = modules.join(' ')
  const probed = await python.probeImports(modules, {signal: job.signal, timeoutMs: job.timeoutMs})
  const remediation = `Rebuild it with condamig replicate --env ${job.name}; a module that needs a system library says so in the message.`
  if (!probed.ok)
    return {check: 'imports', status: 'failed', detail, packages: [], message: probed.message, remediation}
  const failed = modules.filter((module) => !probed.value[module]?.ok)
  if (failed.length === 0) return {check: 'imports', status: 'ok', detail, packages: [], message: '', remediation: ''}
  return {
    check: 'imports',
    status: 'failed',
    detail,
    packages: failed.map((module) => byModule.get(module) ?? module),
    message: failed
      .map((module) => {
        const probe = probed.value[module]
        return `${module}: ${probe && !probe.ok ? probe.error : 'import failed'}`
      })
      .join('\n'),
    remediation,
  }
}

const listOf = async (conda: Conda, prefix: string, signal: AbortSignal): Promise<InstalledPackage[] | string> => {
  const listed = await conda.listJson(prefix, {signal})
  return listed.ok ? listed.value : `conda list --json -p ${prefix} failed: ${listed.failure.message}`
}

const driftOf = async (job: VerifyEnvJob): Promise<Check> => {
  if (!job.plan.ok) {
    return {...skipped('drift', job.plan.message), status: 'failed', remediation: job.plan.remediation}
  }

  const qa = await listOf(job.qaConda, job.prefix, job.signal)
  if (typeof qa === 'string')
    return {...skipped('drift', qa), status: 'failed', remediation: 'Run the same conda list by hand.'}
  // current is read from its files: conda list may write there (CONTRACT §1: condamig never writes in current)
  const current = job.current ? readInstalledPackages(job.current.prefix) : undefined
  const check = driftCheck(
    job.name,
    computeDrift(expectedPackages(job.plan.plan), qa, current),
    {spec: job.plan.plan.sourceFile, current: current !== undefined},
  )
  return check
}

/**
 * The python, imports, drift and tests checks of one qa env, each by invoking the env's own executables (its
 * python, the root's conda, the `[tests]` command with the env's bin/ first on PATH). An env missing from qa
 * fails its python check and skips the rest.
 */
export const verifyEnv = async (job: VerifyEnvJob): Promise<VerifyCheckResult[]> => {
  if (!isCondaEnv(job.prefix)) {
    const missing = `${job.prefix} does not exist (or has no conda-meta/)`
    const python = {
      ...skipped('python', missing),
      status: 'failed' as const,
      remediation: `Run condamig replicate --env ${job.name}.`,
    }
    return [python, skipped('imports', 'not in qa'), skipped('drift', 'not in qa'), skipped('tests', 'not in qa')].map(
      (check) => ({...check, durationS: 0}),
    )
  }

  const python = new EnvPython({python: join(job.prefix, 'bin', 'python'), runner: job.runner})
  const started = await timed(job.log, () => pythonCheck(job, python))
  const imports =
    started.status === 'ok'
      ? await timed(job.log, () => importsCheck(job, python))
      : {...skipped('imports', 'python does not start'), durationS: 0}
  const drift = await timed(job.log, () => driftOf(job))
  const tests = job.test
    ? await timed(job.log, () => runEnvTest({...job, command: job.test as string}))
    : {...skipped('tests', 'no [tests] command for it in condamig.ini'), durationS: 0}
  return [started, imports, drift, tests]
}
