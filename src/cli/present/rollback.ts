import type {RollbackResult} from '../../workflows/rollback.js'
import {section} from './format.js'

/** Human summary of `condamig rollback`. */
export const presentRollback = (result: RollbackResult): string => {
  const qa = result.qa ? `qa -> ${result.qa}` : 'qa absent'
  const head = result.applied
    ? [`rollback done: current -> ${result.to} (was ${result.from}), ${qa} (transaction ${result.transaction})`]
    : [
        `[dry run] rollback would put ${result.to} back into production (current ${result.from} -> ${result.to}, ${qa}):`,
        ...result.steps.map((step, index) => `  ${index + 1}. ${step}`),
      ]
  // a dry run changes nothing itself, but the recovery before it may have (issue 8b)
  const recovered = result.recovered === undefined ? [] : [`recovered first: ${result.recovered}`]
  const unchanged = result.recovered === undefined ? 'nothing was changed' : 'nothing else was changed'
  return [
    ...recovered,
    ...head,
    ...section('Warnings', result.warnings),
    '',
    result.applied ? `to cut over again: ${result.undoCommand}` : unchanged,
  ].join('\n')
}
