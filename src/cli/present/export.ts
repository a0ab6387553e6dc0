import type {ExportResult} from '../../workflows/export.js'
import {section, table} from './format.js'

/** Human summary of `condamig export`. */
export const presentExport = (result: ExportResult): string => {
  const ok = result.environments.filter((env) => env.status === 'ok')
  const failed = result.environments.filter((env) => env.status === 'failed')
  const rows = ok.map((env) => [
    env.name,
    env.spec ?? '',
    String(env.packages ?? 0),
    String(env.pipPackages ?? 0),
    env.notes.join('; ') || '-',
  ])
  return [
    `exported ${ok.length} of ${result.environments.length} environment(s) from ${result.source.root} (conda ${result.source.condaVersion}) into ${result.specsDir}`,
    ...(rows.length > 0 ? ['', table(['NAME', 'SPEC', 'CONDA', 'PIP', 'NOTES'], rows)] : []),
    ...section(
      'Failed',
      failed.map((env) => `${env.name}: ${env.error}`),
    ),
    ...section('Warnings', result.warnings),
  ].join('\n')
}
