import {assertValidEnvName} from '../../domain/inventory/env-name.js'
import type {Inventory} from '../../domain/inventory/inventory.js'
import {BadInputError} from '../../errors.js'

/**
 * The REPLICATE envs of the inventory, or the `--env` ones among them. Asking for an env that is not inventoried,
 * or is export-only (never built in qa), is bad input (exit 2).
 */
export const selectReplicateEnvs = (inventory: Inventory, wanted: readonly string[]): string[] => {
  const replicate = inventory.environments.filter((entry) => entry.action === 'REPLICATE').map((entry) => entry.name)
  if (wanted.length === 0) return replicate
  for (const name of wanted) assertValidEnvName(name, '--env')
  const unknown = wanted.filter((name) => !inventory.environments.some((entry) => entry.name === name))
  if (unknown.length > 0) {
    throw new BadInputError('env.not-inventoried', `--env ${unknown.join(', ')}: not in ${inventory.file}`, {
      hint: 'add it with condamig inventory --write, then mark it REPLICATE',
    })
  }

  const exportOnly = wanted.filter((name) => !replicate.includes(name))
  if (exportOnly.length > 0) {
    throw new BadInputError(
      'env.not-replicate',
      `--env ${exportOnly.join(', ')}: marked export in ${inventory.file}, not built in qa`,
      {
        hint: 'mark it REPLICATE and run condamig replicate first',
      },
    )
  }

  return [...new Set(wanted)]
}
