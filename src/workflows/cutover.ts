import {Conda} from '../conda/conda.js'
import type {AppContext} from '../context.js'
import {rootPaths} from '../domain/base-layout.js'
import {linkedRoot, planCutover} from '../domain/flip.js'
import type {SettingsFlags} from '../domain/settings.js'
import {reportPreflight, type ReportRead} from '../domain/verify/preflight.js'
import {applyFlipPlan, flipRefusal, localActor, newTransactionId, readFlipState} from '../system/flip-transaction.js'
import {isCondaRoot} from '../system/fs-facts.js'
import {describeSteps} from './cutover/describe-steps.js'
import {type FlipConsent, obtainConsent, requireConsentPossible} from './cutover/flip-gate.js'
import {readLatestReport} from './shared/read-latest-report.js'
import {applyKernelRewrites, type KernelRewrite, planKernelRewrites} from './cutover/rewrite-kernels.js'
import {loadConfig} from './shared/load-config.js'
import {withLock} from './shared/with-lock.js'

export type CutoverOptions = FlipConsent & {allowFailures: boolean; rewriteKernels: boolean; flags?: SettingsFlags}

export type CutoverResult = {
  base: string
  dryRun: boolean
  /** False for a dry run. */
  applied: boolean
  transaction: string
  /** `current` before and after. */
  from: string
  to: string
  /** What the transaction does, in order. */
  steps: string[]
  /** Pinned kernels: rewritten (with their backup), or why not. Empty without --rewrite-kernels. */
  kernels: KernelRewrite[]
  /** The command that undoes this cutover. */
  undoCommand: string
  /** Preflight conditions that --allow-failures / --rewrite-kernels let through. */
  waived: string[]
  /** What this run's recovery changed first (a crashed cutover/rollback finished or undone), when it did. */
  recovered?: string
  warnings: string[]
}

/** qa's own conda must answer: a root whose conda is broken must not become production. */
const qaCondaProblem = async (ctx: AppContext, qaDir: string): Promise<string[]> => {
  if (!isCondaRoot(qaDir)) return [] // planCutover already says so
  try {
    await new Conda({bin: rootPaths(qaDir).conda, runner: ctx.runner}).version({signal: ctx.signal})
    return []
  } catch (error) {
    return [`qa's conda does not run: ${(error as Error).message}`]
  }
}

const report = (ctx: AppContext, kind: 'replicate' | 'verify', unmet: string[]): ReportRead | undefined => {
  const read = readLatestReport(ctx.base, ctx.layout.reportsDir, kind)
  if (read && 'problem' in read) unmet.push(read.problem)
  return read && 'rows' in read ? read : undefined
}

/**
 * `condamig cutover` (CONTRACT §3): under the lock, checks every precondition (qa links a working conda root; the
 * latest replicate and verify are clean unless --allow-failures) and refuses listing all unmet ones (exit 3); then
 * asks (unless --yes), repoints `current` at qa's root by renaming a new link over it, removes `qa`, keeps
 * `envs -> current/envs`, journals it, and with --rewrite-kernels moves pinned kernels to `BASE/envs/…`.
 */
export const cutover = async (ctx: AppContext, options: CutoverOptions): Promise<CutoverResult> => {
  requireConsentPossible('cutover', options)
  const config = loadConfig(ctx, {flags: options.flags, requireInventory: true})
  const replicateEnvs = (config.inventory?.environments ?? [])
    .filter((entry) => entry.action === 'REPLICATE')
    .map((entry) => entry.name)
  return withLock(ctx, async (notes) => {
    const clock = {now: ctx.now}
    const state = readFlipState(ctx.layout)
    const planning = planCutover(state, newTransactionId(clock))
    const unmet = planning.ok ? [] : [...planning.reasons]
    const qaRoot = linkedRoot(state.qa, ctx.base)
    if (qaRoot !== undefined && state.qa.kind === 'link' && state.qa.resolves) {
      for (const problem of await qaCondaProblem(ctx, ctx.layout.root(qaRoot))) unmet.push(problem)
    }

    const reports = {replicate: report(ctx, 'replicate', unmet), verify: report(ctx, 'verify', unmet)}
    const preflight = reportPreflight({
      replicateEnvs,
      ...reports,
      allowFailures: options.allowFailures,
      rewriteKernels: options.rewriteKernels,
    })
    for (const condition of preflight.unmet) unmet.push(condition) // one per env: never push(...) (issue 8e)
    if (!planning.ok || unmet.length > 0) throw flipRefusal('cutover', unmet, notes.recovered)
    const {plan} = planning
    const rewrites = options.rewriteKernels
      ? planKernelRewrites(ctx.base, config.settings.kernelsDir, ctx.layout.root(plan.record.to))
      : []
    const steps = [
      ...describeSteps(plan.record, plan.steps),
      ...rewrites
        .filter((r) => !r.skipped)
        .map((r) => `kernel ${r.kernel}: argv[0] ${r.from} -> ${r.to} (backup kept)`),
    ]
    const result: CutoverResult = {
      base: ctx.base,
      dryRun: options.dryRun,
      applied: false,
      transaction: plan.record.id,
      from: plan.record.from,
      to: plan.record.to,
      steps,
      kernels: rewrites,
      undoCommand: plan.undoCommand,
      waived: preflight.waived,
      ...(notes.recovered !== undefined && {recovered: notes.recovered}),
      warnings: [...config.warnings, ...notes.warnings, ...plan.warnings],
    }
    if (options.dryRun) return result
    await obtainConsent(
      'cutover',
      options,
      {
        summary: [`cutover: current ${plan.record.from} -> ${plan.record.to}`, ...steps.map((step) => `  ${step}`)],
        question: `Make ${plan.record.to} production (current -> ${plan.record.to})?`,
        ...(notes.recovered !== undefined && {recovered: notes.recovered}),
      },
      ctx,
    )
    applyFlipPlan(ctx.layout, plan, localActor(clock))
    return {...result, applied: true, kernels: applyKernelRewrites(rewrites, ctx)}
  })
}
