import {existsSync} from 'node:fs'

import {assertValidEnvName} from '../../domain/inventory/env-name.js'
import type {Inventory} from '../../domain/inventory/inventory.js'
import {BadInputError} from '../../errors.js'
import {readCsvReport} from '../../system/csv-report.js'

export type Selection = {names: string[]; warnings: string[]}

/** The statuses `--retry-failed` redoes (CONTRACT §4). */
const RETRIED = new Set(['failed', 'interrupted'])

/**
 * A report cell as a human meant it: a spreadsheet re-save may capitalise (`FAILED`, `Failed`, autocorrect) or pad it
 * (` failed `); condamig writes lower case, so any case and surrounding blanks read the same.
 */
const cellValue = (cell: string | undefined): string => (cell ?? '').trim()

/**
 * The `--env` names, checked against the inventory: a name that could escape envs/ or is not inventoried is bad
 * input (exit 2). Returns them without duplicates, or every inventoried name when none was asked for.
 */
export const selectInventoried = (
  inventoried: readonly string[],
  wanted: readonly string[],
  file: string,
): string[] => {
  if (wanted.length === 0) return [...inventoried]
  for (const name of wanted) assertValidEnvName(name, '--env')
  const unknown = wanted.filter((name) => !inventoried.includes(name))
  if (unknown.length > 0) {
    throw new BadInputError('env.not-inventoried', `--env ${unknown.join(', ')}: not in ${file}`, {
      hint: 'add it with condamig inventory --write',
    })
  }

  return [...new Set(wanted)]
}

/**
 * The envs a replicate, plan or verify works on: every REPLICATE env of the ini, narrowed by `--env` (each must be
 * inventoried and REPLICATE: an export-only env is never built in qa) and by `--retry-failed` (the failed and
 * interrupted rows of the latest report).
 */
export const selectReplicateEnvs = (
  inventory: Inventory,
  options: {envs: readonly string[]; retryFailed?: boolean; latestReport?: string},
): Selection => {
  const replicate = inventory.environments.filter((e) => e.action === 'REPLICATE').map((e) => e.name)
  const inventoried = inventory.environments.map((e) => e.name)
  const warnings: string[] = []
  let names = options.envs.length === 0 ? replicate : selectInventoried(inventoried, options.envs, inventory.file)
  const exportOnly = names.filter((name) => !replicate.includes(name))
  if (exportOnly.length > 0) {
    throw new BadInputError(
      'env.not-replicate',
      `--env ${exportOnly.join(', ')}: not marked REPLICATE in ${inventory.file} (marked export: never built in qa)`,
      {hint: 'set NAME = REPLICATE in the [environments] section'},
    )
  }

  if (options.retryFailed) {
    const file = options.latestReport ?? ''
    if (!existsSync(file)) {
      throw new BadInputError('report.missing', `--retry-failed: ${file} does not exist (no replicate has run yet)`)
    }

    const retry = new Set(
      readCsvReport(file)
        .filter((row) => RETRIED.has(cellValue(row.status).toLowerCase()))
        .map((row) => cellValue(row.environment)),
    )
    for (const name of retry) {
      if (name && !replicate.includes(name))
        warnings.push(`${name} failed last time but is no longer REPLICATE: skipped`)
    }

    names = names.filter((name) => retry.has(name))
  }

  return {names, warnings}
}
