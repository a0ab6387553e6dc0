import {existsSync} from 'node:fs'

import {assertValidEnvName} from '../../domain/inventory/env-name.js'
import type {Inventory} from '../../domain/inventory/inventory.js'
import {BadInputError} from '../../errors.js'
import {readCsvReport} from '../../system/csv-report.js'

export type Selection = {names: string[]; warnings: string[]}

/**
 * The envs a replicate or plan works on: every REPLICATE env of the ini, narrowed by `--env` (each must be
 * REPLICATE) and by `--retry-failed` (the failed and interrupted rows of the latest report).
 */
export const selectReplicateEnvs = (
  inventory: Inventory,
  options: {envs: readonly string[]; retryFailed?: boolean; latestReport?: string},
): Selection => {
  const replicate = inventory.environments.filter((e) => e.action === 'REPLICATE').map((e) => e.name)
  const warnings: string[] = []
  let names = replicate
  if (options.envs.length > 0) {
    for (const name of options.envs) assertValidEnvName(name, '--env')
    const notReplicate = options.envs.filter((name) => !replicate.includes(name))
    if (notReplicate.length > 0) {
      throw new BadInputError(
        'env.not-replicate',
        `--env ${notReplicate.join(', ')}: not marked REPLICATE in ${inventory.file}`,
        {hint: 'set NAME = REPLICATE in the [environments] section'},
      )
    }

    names = [...new Set(options.envs)]
  }

  if (options.retryFailed) {
    const file = options.latestReport ?? ''
    if (!existsSync(file)) {
      throw new BadInputError('report.missing', `--retry-failed: ${file} does not exist (no replicate has run yet)`)
    }

    const retry = new Set(
      readCsvReport(file)
        .filter((row) => row.status === 'failed' || row.status === 'interrupted')
        .map((row) => row.environment ?? ''),
    )
    for (const name of retry) {
      if (name && !replicate.includes(name))
        warnings.push(`${name} failed last time but is no longer REPLICATE: skipped`)
    }

    names = names.filter((name) => retry.has(name))
  }

  return {names, warnings}
}
