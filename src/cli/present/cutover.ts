import type {CutoverResult} from '../../workflows/cutover.js'
import {section} from './format.js'

/** Human summary of `condamig cutover`. */
export const presentCutover = (result: CutoverResult): string => {
  const numbered = result.steps.map((step, index) => `${index + 1}. ${step}`)
  const kernels = result.kernels.map((k) =>
    k.skipped
      ? `${k.kernel}: ${k.skipped}`
      : `${k.kernel}: argv[0] ${k.from} -> ${k.to}${k.backup ? ` (backup ${k.backup})` : ''}`,
  )
  const head = result.applied
    ? [`cutover done: current -> ${result.to} (was ${result.from}), qa removed (transaction ${result.transaction})`]
    : [
        `[dry run] cutover would make ${result.to} production (current ${result.from} -> ${result.to}):`,
        ...numbered.map((s) => `  ${s}`),
      ]
  // a dry run changes nothing itself, but the recovery before it may have (issue 8b)
  const recovered = result.recovered === undefined ? [] : [`recovered first: ${result.recovered}`]
  const unchanged = result.recovered === undefined ? 'nothing was changed' : 'nothing else was changed'
  return [
    ...recovered,
    ...head,
    ...section(result.applied ? 'Kernels' : 'Kernels it would rewrite', kernels),
    ...section('Let through', result.waived),
    ...section('Warnings', result.warnings),
    '',
    result.applied ? `to roll back: ${result.undoCommand}` : unchanged,
  ].join('\n')
}
