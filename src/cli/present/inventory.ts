import type {InventoryResult} from '../../workflows/inventory.js'
import {formatBytes, section, shortTime, table} from './format.js'

/** Human summary of `condamig inventory`. */
export const presentInventory = (result: InventoryResult): string => {
  const rows = result.environments.map((env) => [
    env.name,
    env.action ?? '(not in ini)',
    formatBytes(env.sizeBytes),
    env.owner,
    shortTime(env.lastChange),
    env.kernels.join(', ') || '-',
  ])
  const lines = [
    `current -> ${result.current.target}: ${result.environments.length} environment(s) in ${result.current.root}/envs`,
    '',
    table(['NAME', 'ACTION', 'SIZE', 'OWNER', 'LAST CHANGE', 'KERNELS'], rows),
    ...section(
      'Not in condamig.ini (inventory --write adds them as export)',
      result.notInInventory.filter(() => !result.written),
    ),
    ...section(
      'In condamig.ini but not on disk',
      result.missingOnDisk.map((m) => `${m.name} (line ${m.line})`),
    ),
    ...section('Warnings', result.warnings),
  ]
  if (result.written) {
    const {file, created, added} = result.written
    lines.push(
      '',
      added.length === 0
        ? created
          ? `created ${file} (no environments to add)`
          : `${file}: nothing new to add`
        : `${created ? 'created' : 'updated'} ${file}: added ${added.join(', ')} as export`,
    )
  }

  return lines.join('\n')
}
