import {dirname, join} from 'node:path'

import type {Conda} from '../../conda/conda.js'
import {envPaths} from '../../domain/base-layout.js'
import type {EnvOutcome, Failure, Stage} from '../../domain/outcome.js'
import {decidePrefix} from '../../domain/replicate/prefix-decision.js'
import {stageSpecs, stageTitle, cacheGateUse, type Solver, type SolverFlag} from '../../domain/replicate/stage-specs.js'
import type {EnvPlan} from '../../domain/spec/env-plan.js'
import type {RunLog} from '../../system/run-log.js'
import type {CacheGate} from '../../system/cache-gate.js'
import {allExtracted} from '../../system/package-cache.js'
import {
  buildingMarker,
  clearBuilding,
  markBuilding,
  readPrefixFacts,
  removePrefix,
  stampReplicated,
} from '../../system/prefix-marks.js'
import {formatCommand, type Runner} from '../../system/runner.js'
import type {TaskReporter} from '../shared/run-env-tasks.js'
import {runStage, stageCommand, type StepRun} from './run-stage.js'

/** Everything one env's build shares with the rest of the run. */
export type BuildRun = {
  base: string
  stateDir: string
  run: string
  conda: Conda
  solver: Solver
  /** `--solver=…` for every solve (see chooseSolver); undefined leaves it to the root's config. */
  solverFlag?: SolverFlag
  runner: Runner
  cacheGate: CacheGate
  /** The qa root's package cache (`ROOT/pkgs`), to see whether a solution is already extracted. */
  pkgsDir: string
  signal: AbortSignal
  timeoutMs: number
  keepFailed: boolean
  dryRun: boolean
  now: () => Date
  /** Commands a dry run would have run, in order. */
  commands: string[][]
}

type Built = {outcome: EnvOutcome; failedText?: string}

/** Builds one env in qa from its plan, stage by stage; never leaves a half-built prefix it created. */
export const buildEnv = async (
  runInfo: BuildRun,
  job: {plan: EnvPlan; prefix: string; log: RunLog; report: TaskReporter},
): Promise<Built> => {
  const {plan, prefix, log, report} = job
  const started = Date.now()
  const base = {
    environment: plan.name,
    log: log.path,
    specHash: plan.specHash,
    notes: [] as string[],
  }
  const done = (status: EnvOutcome['status'], extra: Partial<EnvOutcome> = {}): EnvOutcome => ({
    ...base,
    status,
    durationS: (Date.now() - started) / 1000,
    ...extra,
    notes: [
      ...base.notes,
      ...(extra.notes ?? []),
      ...plan.humanTodos.map((t) => `needs a human: ${t.subject}: ${t.reason}`),
    ],
  })
  log.note(`replicate ${plan.name} from ${plan.sourceFile} (${plan.source}, spec hash ${plan.specHash}) into ${prefix}`)
  if (plan.refusal) {
    const {category, message, remediation, packages} = plan.refusal
    log.note(`refused: ${message}`)
    return {
      outcome: done('failed', {failure: {stage: 'spec', category, packages, message, remediation}}),
      failedText: message,
    }
  }

  const marker = buildingMarker(runInfo.stateDir, plan.name)
  const decision = decidePrefix(readPrefixFacts(prefix, marker), plan.specHash, prefix)
  log.note(`prefix: ${decision.action}${'reason' in decision ? ` (${decision.reason})` : ''}`)
  if (decision.action === 'skip') return {outcome: done('skipped', {notes: [decision.reason]})}
  if (decision.action === 'refuse') {
    const failure: Failure = {
      stage: 'create',
      category: 'unknown',
      packages: [],
      message: decision.reason,
      remediation: decision.remediation,
    }
    return {outcome: done('failed', {failure}), failedText: decision.reason}
  }

  const stages = stageSpecs(plan, prefix, runInfo.solverFlag)
  const tools = {
    env: plan.name,
    conda: runInfo.conda,
    python: envPaths(prefix).python,
    runner: runInfo.runner,
    requirementsFile: join(runInfo.base, dirname(log.path), `${plan.name}.requirements.txt`),
    overrideFile: `env_specs/overrides/${plan.name}.yml`,
    signal: runInfo.signal,
    remainingMs: () => runInfo.timeoutMs - (Date.now() - started),
    onOutput: log.write,
  }
  if (runInfo.dryRun) {
    const commands = stages.map((spec) => stageCommand(spec, tools))
    for (const c of commands) runInfo.commands.push([c.file, ...c.args]) // one git step per VCS entry: unbounded
    const wouldRun = commands.map((c) => `would run: ${formatCommand(c.file, c.args)}`)
    return {outcome: done('skipped', {notes: ['dry run: nothing was built', ...wouldRun]})}
  }

  if (decision.action === 'reclaim') removePrefix(prefix)
  markBuilding(marker, {prefix, run: runInfo.run, pid: process.pid}, runInfo.base)
  let reached: Stage = 'spec'
  // a prefix kept with --keep-failed keeps its marker: the next run knows it is condamig's and rebuilds it
  let keepMarker = false
  try {
    let solution: string[] | undefined
    // the fetch is skipped when every package the solve chose is already extracted: linking then only reads the cache
    const filled = () => solution !== undefined && allExtracted(runInfo.pkgsDir, solution)
    for (const spec of stages) {
      reached = spec.stage
      if (spec.kind === 'conda-fill' && filled()) {
        log.note('fetch: skipped, every package of the solution is already in the package cache')
        continue
      }

      // solving apart only pays while another env holds the gate; with the gate free the fetch solves at once
      if (spec.kind === 'conda-solve' && !runInfo.cacheGate.busy) {
        log.note('solve: the package cache is free, the fetch solves')
        continue
      }

      report.title(stageTitle(plan.name, spec.step))
      const command = stageCommand(spec, tools)
      const step = async (): Promise<StepRun> => {
        if (spec.kind === 'conda-fill' && filled()) return {} // another env filled it while this one waited
        log.note(`$ ${formatCommand(command.file, command.args)}`)
        return runStage(spec, tools)
      }

      const gate = cacheGateUse(spec)
      const {failure, solution: found} = gate === 'none' ? await step() : await runInfo.cacheGate[gate](step)
      if (spec.kind === 'conda-solve') {
        solution = found
        // parallel solves can trip over each other's repodata cache (23.7.4's JSONDecodeError): the gated fetch
        // solves again, alone, and its verdict is the one reported
        if (failure?.category === 'unknown') {
          log.note(`solve: ${failure.message.split('\n')[0]} — solving again in the gated fetch`)
          continue
        }
      }

      if (failure) {
        log.note(`failed at ${failure.stage}: ${failure.category}: ${failure.message}`)
        const interrupted = failure.category === 'interrupted' || runInfo.signal.aborted
        const keep = runInfo.keepFailed && !interrupted
        if (keep) keepMarker = true
        else removePrefix(prefix)
        const notes = keep ? [`kept the failed prefix ${prefix} (--keep-failed)`] : []
        return {
          outcome: done(interrupted ? 'interrupted' : 'failed', {
            failure: interrupted ? {...failure, category: 'interrupted'} : failure,
            notes,
          }),
          failedText: `${failure.stage}: ${failure.message.split('\n')[0]}`,
        }
      }
    }

    stampReplicated(
      prefix,
      {specHash: plan.specHash, time: runInfo.now().toISOString(), run: runInfo.run, source: plan.sourceFile},
      runInfo.base,
    )
    report.title(`${plan.name} — ok`)
    log.note('ok')
    return {outcome: done('ok')}
  } catch (error) {
    removePrefix(prefix) // a bug or an I/O error must not leave a half-built env either
    log.note(`error at ${reached}: ${(error as Error).stack ?? String(error)}`)
    throw error
  } finally {
    if (!keepMarker) clearBuilding(marker)
  }
}
