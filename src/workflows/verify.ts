import {join} from 'node:path'

import {Conda} from '../conda/conda.js'
import type {AppContext} from '../context.js'
import type {Inventory} from '../domain/inventory/inventory.js'
import {mergeLatestRows} from '../domain/merge-latest-rows.js'
import {summariseOutcomes, toVerifyRows, VERIFY_COLUMNS} from '../domain/report.js'
import type {SettingsFlags} from '../domain/settings.js'
import {type VerifyOutcome, verifyStatus} from '../domain/verify-outcome.js'
import {InterruptedError} from '../errors.js'
import {reportTimestamp, writeCsvReport} from '../system/csv-report.js'
import {isCondaEnv} from '../system/fs-facts.js'
import {openRunDir, openRunLog} from '../system/run-log.js'
import {selectReplicateEnvs} from './replicate/select-envs.js'
import {verifyEnv} from './verify/verify-env.js'
import {verifyKernels} from './verify/verify-kernels.js'
import {loadPlan} from './replicate/load-plan.js'
import {loadConfig} from './shared/load-config.js'
import {previousLatestRows} from './shared/read-latest-report.js'
import {requireRoot, type LinkedRoot} from './shared/require-root.js'
import {runEnvTasks} from './shared/run-env-tasks.js'
import {withLock} from './shared/with-lock.js'

export type VerifyOptions = {envs: string[]; flags?: SettingsFlags}

export type VerifyResult = {
  base: string
  qa: {root: string; dir: string}
  /** The production root drift is compared with; null when current is not usable. */
  current: {root: string} | null
  /** One per env verified, then one per other env that a kernel uses (kernel rows only). */
  environments: VerifyOutcome[]
  summary: {total: number; ok: number; failed: number; skipped: number}
  /** The report and its copy (absolute paths, as replicate gives them). */
  report: {file: string; latest: string}
  warnings: string[]
}

const currentOrNull = (ctx: AppContext, warnings: string[]): LinkedRoot | null => {
  try {
    return requireRoot(ctx, 'current')
  } catch (error) {
    warnings.push(`drift is compared with the specs only: ${(error as Error).message}`)
    return null
  }
}

/**
 * `condamig verify [--env NAME]…` (CONTRACT §3): checks each REPLICATE env of qa with its own executables (python
 * starts, the spec's packages import, versions match the spec and current, the `[tests]` command passes) and every
 * kernel that runs an env's python; writes reports/verify-<UTC>.csv and verify-latest.csv. The result says which
 * envs failed (the command exits 1 then). An interrupted run still writes the rows it has.
 */
export const verify = async (ctx: AppContext, options: VerifyOptions): Promise<VerifyResult> => {
  const config = loadConfig(ctx, {flags: options.flags, requireInventory: true})
  const inventory = config.inventory! // requireInventory: loadConfig threw when there is none
  const {names} = selectReplicateEnvs(inventory, {envs: options.envs})
  const qa = requireRoot(ctx, 'qa')
  const warnings = [...config.warnings]
  const current = currentOrNull(ctx, warnings)
  const {settings} = config
  const timeoutMs = settings.timeoutS * 1000
  const startedAt = ctx.now()
  const stamp = reportTimestamp(startedAt)
  const qaConda = new Conda({bin: qa.paths.conda, runner: ctx.runner})
  return withLock(ctx, async (notes) => {
    for (const warning of notes.warnings) warnings.push(warning)
    // named after a predictable second: a folder prepared in advance is refused before any check runs
    if (names.length > 0) openRunDir(join(ctx.layout.logsDir, `verify-${stamp}`), ctx.base)
    const outcomes = await runEnvTasks(
      ctx,
      names,
      {concurrency: settings.parallel, title: (name) => `${name} — verify`},
      async (name) => {
        const log = openRunLog(join(ctx.layout.logsDir, `verify-${stamp}`, `${name}.log`), ctx.base)
        const started = performance.now()
        try {
          const currentPrefix = current?.paths.env(name)
          const checks = await verifyEnv({
            name,
            prefix: qa.paths.env(name),
            qaConda,
            ...(currentPrefix && isCondaEnv(currentPrefix) ? {current: {prefix: currentPrefix}} : {}),
            plan: loadPlan(ctx.layout, settings, name),
            test: inventory.tests.find((test) => test.name === name)?.command,
            runner: ctx.runner,
            path: ctx.env.PATH,
            timeoutMs,
            signal: ctx.signal,
            log,
          })
          const durationS = (performance.now() - started) / 1000
          const outcome = {environment: name, status: verifyStatus(checks), log: log.path, durationS, checks}
          const failed = checks.filter((check) => check.status === 'failed').map((check) => check.check)
          return {value: outcome, failed: failed.length > 0 ? `failed: ${failed.join(', ')}` : undefined}
        } finally {
          log.close()
        }
      },
    )
    // once interrupted, kernel probes would only report the interrupt as failures: leave them out
    const kernels = ctx.signal.aborted
      ? {byEnv: new Map(), warnings: []}
      : await verifyKernels({
          base: ctx.base,
          kernelsDir: settings.kernelsDir,
          qaDir: qa.dir,
          ...(options.envs.length > 0 && {only: names}),
          runner: ctx.runner,
          signal: ctx.signal,
          timeoutMs,
        })
    for (const warning of kernels.warnings) warnings.push(warning)
    const environments = mergeKernelChecks(names, outcomes, kernels.byEnv)
    const report = writeReport(ctx, environments, stamp, replicateEnvs(inventory))
    if (ctx.signal.aborted) throw new InterruptedError(`verify interrupted: the rows so far are in ${report.file}`)
    const counts = summariseOutcomes(environments)
    return {
      base: ctx.base,
      qa: {root: qa.name, dir: qa.dir},
      current: current ? {root: current.name} : null,
      environments,
      summary: {total: counts.total, ok: counts.ok, failed: counts.failed, skipped: counts.skipped},
      report,
      warnings,
    }
  })
}

/** Env outcomes in inventory order (an env never started is `skipped`), each with its kernels' rows appended. */
const mergeKernelChecks = (
  names: readonly string[],
  outcomes: Map<string, VerifyOutcome>,
  kernels: Map<string, VerifyOutcome['checks']>,
): VerifyOutcome[] => {
  const merged = names.map((name): VerifyOutcome => {
    const outcome = outcomes.get(name) ?? {environment: name, status: 'skipped', log: '', durationS: 0, checks: []}
    const checks = [...outcome.checks, ...(kernels.get(name) ?? [])]
    return {...outcome, checks, status: checks.length > 0 ? verifyStatus(checks) : 'skipped'}
  })
  const others = [...kernels.keys()].filter((env) => !names.includes(env)).sort()
  for (const env of others) {
    const checks = kernels.get(env) ?? []
    merged.push({environment: env, status: verifyStatus(checks), log: '', durationS: 0, checks})
  }

  return merged
}

const replicateEnvs = (inventory: Inventory): string[] =>
  inventory.environments.filter((entry) => entry.action === 'REPLICATE').map((entry) => entry.name)

/**
 * reports/verify-<run id>.csv (the run's start, as its logs/verify-<run id>/) and verify-latest.csv, readable by the
 * whole group whatever the umask.
 */
const writeReport = (ctx: AppContext, outcomes: readonly VerifyOutcome[], run: string, keep: readonly string[]) => {
  const rows = outcomes.flatMap((outcome) => toVerifyRows(outcome))
  const written = writeCsvReport({
    dir: ctx.layout.reportsDir,
    kind: 'verify',
    columns: VERIFY_COLUMNS,
    rows,
    // a run over a subset (--env) updates just its rows of verify-latest.csv (CONTRACT §4)
    latestRows: mergeLatestRows({columns: VERIFY_COLUMNS, previous: previousLatestRows(ctx, 'verify'), rows, keep}),
    run,
    shared: ctx.base,
  })
  return {file: written.path, latest: written.latest}
}
