import type {AppContext} from '../context.js'
import {planRollback} from '../domain/flip.js'
import {applyFlipPlan, flipRefusal, localActor, newTransactionId, readFlipState} from '../system/flip-transaction.js'
import {describeSteps} from './cutover/describe-steps.js'
import {type FlipConsent, obtainConsent, requireConsentPossible} from './cutover/flip-gate.js'
import {withLock} from './shared/with-lock.js'

export type RollbackOptions = FlipConsent

export type RollbackResult = {
  base: string
  dryRun: boolean
  /** False for a dry run. */
  applied: boolean
  transaction: string
  /** The cutover this undoes (its journal id). */
  undoes: string
  /** `current` before and after. */
  from: string
  to: string
  /** `qa` after: the root that was under QA before the cutover. */
  qa: string | null
  steps: string[]
  /** The command that redoes the cutover. */
  undoCommand: string
  /** What this run's recovery changed first (a crashed cutover/rollback finished or undone), when it did. */
  recovered?: string
  warnings: string[]
}

/**
 * `condamig rollback` (CONTRACT §3): under the lock, reads the journal for the last cutover not yet undone, refuses
 * (exit 3, every reason) when there is none, `current` was changed by hand or the old root is gone; then asks
 * (unless --yes), repoints `current` at the old root, restores `qa` to the root it came from and journals it.
 * A new cutover afterwards works as the first one did.
 */
export const rollback = async (ctx: AppContext, options: RollbackOptions): Promise<RollbackResult> => {
  requireConsentPossible('rollback', options)
  return withLock(ctx, async (notes) => {
    const clock = {now: ctx.now}
    const planning = planRollback(readFlipState(ctx.layout), newTransactionId(clock))
    if (!planning.ok) throw flipRefusal('rollback', planning.reasons, notes.recovered)
    const {plan} = planning
    const {record} = plan
    const result: RollbackResult = {
      base: ctx.base,
      dryRun: options.dryRun,
      applied: false,
      transaction: record.id,
      undoes: record.undoes ?? '',
      from: record.from,
      to: record.to,
      qa: record.qaTo,
      steps: describeSteps(record, plan.steps),
      undoCommand: plan.undoCommand,
      ...(notes.recovered !== undefined && {recovered: notes.recovered}),
      warnings: [...notes.warnings, ...plan.warnings],
    }
    if (options.dryRun) return result
    await obtainConsent(
      'rollback',
      options,
      {
        summary: [`rollback: current ${record.from} -> ${record.to}`, ...result.steps.map((step) => `  ${step}`)],
        question: `Put ${record.to} back into production (current -> ${record.to})?`,
        ...(notes.recovered !== undefined && {recovered: notes.recovered}),
      },
      ctx,
    )
    applyFlipPlan(ctx.layout, plan, localActor(clock))
    return {...result, applied: true}
  })
}
