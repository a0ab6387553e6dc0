import {randomBytes} from 'node:crypto'
import {existsSync} from 'node:fs'
import {join, relative} from 'node:path'

import {chooseSolver, SOLVER_FLAG_SINCE} from '../conda/choose-solver.js'
import {compareVersions} from '../conda/parse/version.js'
import {Conda} from '../conda/conda.js'
import {INTERRUPTED_REMEDIATION} from '../conda/remediation.js'
import type {AppContext} from '../context.js'
import type {EnvOutcome} from '../domain/outcome.js'
import {REPORT_COLUMNS, summariseOutcomes, toReportRow} from '../domain/report.js'
import type {Solver} from '../domain/replicate/stage-specs.js'
import type {SettingsFlags} from '../domain/settings.js'
import {InterruptedError, RefusedError} from '../errors.js'
import {mergeLatestRows} from '../domain/merge-latest-rows.js'
import {reportTimestamp, writeCsvReport} from '../system/csv-report.js'
import {noRunLog, openRunDir, openRunLog, type RunLog} from '../system/run-log.js'
import {createCacheGate} from '../system/cache-gate.js'
import {buildEnv, type BuildRun} from './replicate/build-env.js'
import {loadPlan} from './replicate/load-plan.js'
import {selectReplicateEnvs} from './replicate/select-envs.js'
import {loadConfig} from './shared/load-config.js'
import {previousLatestRows} from './shared/read-latest-report.js'
import {requireRoot, type LinkedRoot} from './shared/require-root.js'
import {runEnvTasks} from './shared/run-env-tasks.js'
import {withLock, type LockNotes} from './shared/with-lock.js'

export type ReplicateOptions = {
  envs: string[]
  retryFailed: boolean
  dryRun: boolean
  keepFailed: boolean
  flags?: SettingsFlags
}

export type ReplicateResult = {
  base: string
  qa: {root: string; condaVersion: string; solver: Solver}
  run: string
  dryRun: boolean
  outcomes: EnvOutcome[]
  summary: ReturnType<typeof summariseOutcomes>
  /** The report files (absolute paths); absent in a dry run. */
  report?: {path: string; latest: string}
  /** What a dry run would have run, in order (STYLE §12). */
  commands?: string[][]
  warnings: string[]
}

const notStarted = (environment: string): EnvOutcome => ({
  environment,
  status: 'interrupted',
  log: '',
  durationS: 0,
  notes: [],
  failure: {
    stage: 'spec',
    category: 'interrupted',
    packages: [],
    message: 'not started: the run was interrupted',
    remediation: INTERRUPTED_REMEDIATION,
  },
})

/** The qa root and how it solves; refuses a qa that is the current root (condamig never writes in current). */
const prepareQa = async (ctx: AppContext) => {
  const qa = requireRoot(ctx, 'qa')
  const current = requireRoot(ctx, 'current')
  if (qa.realDir === current.realDir) {
    throw new RefusedError('qa.is-current', `qa -> ${qa.name} is the current root: replicate never writes in current`, {
      hint: 'point qa at the new root (condamig install … --name NAME, or --adopt)',
    })
  }

  const conda = new Conda({bin: qa.paths.conda, runner: ctx.runner})
  const condaVersion = await conda.version()
  const hasMamba = existsSync(qa.paths.mamba)
  // the root is asked, not guessed from its files: conda >= 23.10 defaults to libmamba even without the plugin
  const probe =
    hasMamba || compareVersions(condaVersion, SOLVER_FLAG_SINCE) < 0
      ? undefined
      : await conda.probeSolver(join(qa.dir, 'envs', `.condamig-solver-probe-${randomBytes(6).toString('hex')}`))
  const {solver, flag} = chooseSolver({condaVersion, hasMamba, ...(probe && {probe})})
  const build = solver === 'mamba' ? new Conda({bin: qa.paths.mamba, runner: ctx.runner}) : conda
  return {qa, condaVersion, solver, solverFlag: flag, build}
}

/**
 * Recreates every REPLICATE env in qa (CONTRACT §3): N at a time, the package cache filled one env at a time,
 * failed and interrupted prefixes removed, one report row per env. An interrupt still writes the report, then
 * ends with InterruptedError (exit 130).
 */
export const replicate = async (ctx: AppContext, options: ReplicateOptions): Promise<ReplicateResult> => {
  const config = loadConfig(ctx, {flags: options.flags, requireInventory: true})
  const latestReport = join(ctx.layout.reportsDir, 'replicate-latest.csv')
  const selection = selectReplicateEnvs(config.inventory!, {...options, latestReport})
  const root = await prepareQa(ctx)
  const plans = new Map(selection.names.map((name) => [name, loadPlan(ctx.layout, config.settings, name)]))
  const work = async (notes: LockNotes): Promise<ReplicateResult> => {
    const started = ctx.now()
    const run = reportTimestamp(started)
    const runInfo: BuildRun = {
      base: ctx.base,
      stateDir: ctx.layout.stateDir,
      run,
      conda: root.build,
      solver: root.solver,
      ...(root.solverFlag && {solverFlag: root.solverFlag}),
      runner: ctx.runner,
      cacheGate: createCacheGate(),
      pkgsDir: root.qa.paths.pkgsDir,
      signal: ctx.signal,
      timeoutMs: config.settings.timeoutS * 1000,
      keepFailed: options.keepFailed,
      dryRun: options.dryRun,
      now: ctx.now,
      commands: [],
    }
    // the run's log folder is named after a predictable second: one prepared in advance is refused before any build
    if (!options.dryRun && selection.names.length > 0) openRunDir(join(ctx.layout.logsDir, 'replicate', run), ctx.base)
    const results = await runEnvTasks(
      ctx,
      selection.names,
      {concurrency: config.settings.parallel, title: (name) => `${name} — spec`},
      async (name, report) => {
        const file = join(ctx.layout.logsDir, 'replicate', run, `${name}.log`)
        const log = options.dryRun ? noRunLog(relative(ctx.base, file)) : openRunLog(file, ctx.base, {now: ctx.now})
        try {
          const built = await buildOne(ctx, runInfo, root.qa, plans.get(name), name, log, report)
          return {value: built.outcome, failed: built.failedText}
        } finally {
          log.close()
        }
      },
    )
    const outcomes = selection.names.map((name) => results.get(name) ?? notStarted(name))
    const rows = outcomes.map(toReportRow)
    const report = options.dryRun
      ? undefined
      : writeCsvReport({
          dir: ctx.layout.reportsDir,
          kind: 'replicate',
          columns: REPORT_COLUMNS,
          rows,
          // a subset run (--env, --retry-failed) updates just its rows of replicate-latest.csv (CONTRACT §4)
          latestRows: mergeLatestRows({
            columns: REPORT_COLUMNS,
            previous: previousLatestRows(ctx, 'replicate'),
            rows,
            keep: config.inventory!.environments.filter((e) => e.action === 'REPLICATE').map((e) => e.name),
          }),
          run, // the start's id, as the log folder: one run id (CONTRACT §4)
          shared: ctx.base,
        })
    if (ctx.signal.aborted) {
      throw new InterruptedError(
        `replicate interrupted: children stopped, half-built prefixes removed; report ${report?.path ?? '(dry run)'}`,
      )
    }

    return {
      base: ctx.base,
      qa: {root: root.qa.name, condaVersion: root.condaVersion, solver: root.solver},
      run,
      dryRun: options.dryRun,
      outcomes,
      summary: summariseOutcomes(outcomes),
      ...(report ? {report} : {}),
      ...(options.dryRun ? {commands: runInfo.commands} : {}),
      warnings: [...config.warnings, ...selection.warnings, ...notes.warnings],
    }
  }

  return options.dryRun ? work({warnings: []}) : withLock(ctx, work)
}

const buildOne = async (
  ctx: AppContext,
  runInfo: BuildRun,
  qa: LinkedRoot,
  loaded: ReturnType<typeof loadPlan> | undefined,
  name: string,
  log: RunLog,
  report: Parameters<Parameters<typeof runEnvTasks>[3]>[1],
) => {
  if (!loaded?.ok) {
    const message = loaded?.message ?? 'no plan'
    const remediation = loaded?.remediation ?? ''
    log.note(`no plan: ${message}`)
    const outcome: EnvOutcome = {
      environment: name,
      status: 'failed',
      log: '',
      durationS: 0,
      notes: [],
      failure: {stage: 'spec', category: 'unknown', packages: [], message, remediation},
    }
    return {outcome, failedText: message}
  }

  return buildEnv(runInfo, {plan: loaded.plan, prefix: join(qa.dir, 'envs', name), log, report})
}
