import {posix} from 'node:path'

import type {RunResult} from '../system/runner.js'
import {exportWarnings, parseExportOutput} from './parse/env-export.js'
import {toCondaFailure} from './parse/op-result.js'
import type {ExportResult} from './types.js'

export type ReadExportContext = {
  name: string
  /** Where the env must be; conda prints the REAL root path (README point 12), so both sides are resolved. */
  expectPrefix?: string
  realpath: (path: string) => Promise<string>
}

/**
 * Judges an `env export` run. Exit 0 is not enough: a missing env exports as a stub (README point 1),
 * and `--name` may find a same-named env in another envs dir (~/.conda/envs): the prefix must match.
 */
export const readExport = async (result: RunResult, context: ReadExportContext): Promise<ExportResult> => {
  if (result.exitCode !== 0 || result.timedOut || result.cancelled) {
    const failure = toCondaFailure(result)
    return {ok: false, failure: {kind: 'conda-error', message: failure.message, failure}, result}
  }

  const output = parseExportOutput(result.stdout)
  if (output.kind === 'unparsable') return {ok: false, failure: output, result}
  if (output.kind === 'missing-env') {
    const message = `conda env export --name ${context.name} printed an empty stub (no dependencies): the env does not exist in this root or has no packages`
    return {ok: false, failure: {kind: 'missing-env', message}, result}
  }

  if (context.expectPrefix !== undefined && output.prefix !== undefined) {
    const [expected, actual] = await Promise.all([
      context.realpath(context.expectPrefix),
      context.realpath(output.prefix),
    ])
    if (posix.normalize(expected) !== posix.normalize(actual)) {
      const message = `conda exported ${output.prefix}, not ${context.expectPrefix}: another env named ${context.name} shadows it`
      return {
        ok: false,
        failure: {kind: 'prefix-mismatch', expected: context.expectPrefix, actual: output.prefix, message},
        result,
      }
    }
  }

  const {name, prefix} = output
  return {ok: true, yaml: result.stdout, name, prefix, warnings: exportWarnings(result.stderr), result}
}
