import type {ReplicateResult} from '../../workflows/replicate.js'
import {section, table} from './format.js'

/** Human summary of `condamig replicate`. */
export const presentReplicate = (result: ReplicateResult): string => {
  const {summary} = result
  const rows = result.outcomes.map((o) => [
    o.environment,
    o.status,
    o.failure?.stage ?? '',
    o.failure?.category ?? '',
    o.durationS.toFixed(1),
    o.failure ? (o.failure.message.split('\n')[0] ?? '') : (o.notes[0] ?? ''),
  ])
  const todo = result.outcomes.flatMap((o) =>
    o.failure && o.status === 'failed' ? [`${o.environment}: ${o.failure.remediation}`] : [],
  )
  const counts = (['ok', 'failed', 'skipped', 'interrupted'] as const)
    .filter((s) => summary[s] > 0)
    .map((s) => `${summary[s]} ${s}`)
    .join(', ')
  return [
    `${result.dryRun ? '[dry run] ' : ''}replicate into qa -> ${result.qa.root} (conda ${result.qa.condaVersion}, solver ${result.qa.solver}): ${counts || 'nothing to do'}`,
    ...(rows.length > 0 ? ['', table(['ENVIRONMENT', 'STATUS', 'STAGE', 'CATEGORY', 'SECONDS', 'DETAIL'], rows)] : []),
    ...section('What to do', todo),
    ...(result.dryRun
      ? section(
          'Would run',
          (result.commands ?? []).map((c) => c.join(' ')),
        )
      : []),
    ...(result.report ? ['', `report: ${result.report.path}`, `        ${result.report.latest}`] : []),
    ...section('Warnings', result.warnings),
  ].join('\n')
}
