import {parse} from 'yaml'

import {cleanOutput} from './clean-output.js'
import {isObject} from './json-documents.js'

/** What an `env export` stdout is: a usable export, the exit-0 stub of a missing env, or not YAML at all. */
export type ExportOutput =
  | {kind: 'export'; name?: string; prefix?: string}
  | {kind: 'missing-env'; name?: string; prefix?: string}
  | {kind: 'unparsable'; message: string}

/**
 * Reads `conda env export` output. A missing env exports with exit 0 as a stub: `name`, `channels`,
 * `prefix` and no `dependencies` (23.7.4, 25.11.1) or `dependencies: []` (26.7.1) —
 * transcripts env-export-missing-env.yml. An env with no packages at all looks the same.
 */
export const parseExportOutput = (stdout: string): ExportOutput => {
  let document: unknown
  try {
    // old py2-era condas tag values (`!!python/unicode`, `!!python/tuple`): read them as plain values, quietly
    document = parse(stdout, {logLevel: 'error'})
  } catch (error) {
    return {kind: 'unparsable', message: `conda env export printed invalid YAML: ${(error as Error).message}`}
  }
  if (!isObject(document)) return {kind: 'unparsable', message: 'conda env export printed no YAML mapping'}
  const name = typeof document.name === 'string' ? document.name : undefined
  const prefix = typeof document.prefix === 'string' ? document.prefix : undefined
  const dependencies = document.dependencies
  const empty = !Array.isArray(dependencies) || dependencies.length === 0
  return {kind: empty ? 'missing-env' : 'export', name, prefix}
}

/**
 * Warnings conda wrote to stderr during a successful export (26.7.1 `CondaExportWarning: The exported
 * environment contains 3rd party Python packages.`): kept for the log, never a failure (README point 4).
 */
export const exportWarnings = (stderr: string): string[] => {
  const text = cleanOutput(stderr).trim()
  if (text === '') return []
  const warnings = [...text.matchAll(/(\w+Warning): (.*)$/gm)].map((match) => `${match[1]}: ${match[2]}`)
  return warnings.length > 0 ? warnings : [text.split('\n').slice(0, 3).join('\n')]
}
