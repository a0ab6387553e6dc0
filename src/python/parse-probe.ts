import type {ImportProbe} from './types.js'
import {PROBE_MARKER} from './python-args.js'

/** The JSON of condamig's marked line (the last one), or undefined. */
const markedJson = (stdout: string): unknown => {
  const line = stdout
    .split('\n')
    .reverse()
    .find((candidate) => candidate.startsWith(PROBE_MARKER))
  if (line === undefined) return undefined
  try {
    return JSON.parse(line.slice(PROBE_MARKER.length))
  } catch {
    return undefined
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Reads the version probe: `{version: '3.11.7', prefix}`; undefined when python did not print it. */
export const parseVersionProbe = (stdout: string): {version: string; prefix: string} | undefined => {
  const document = markedJson(stdout)
  if (!isRecord(document) || typeof document.version !== 'string' || typeof document.prefix !== 'string')
    return undefined
  return {version: document.version, prefix: document.prefix}
}

/**
 * Reads the import probe for the modules asked about; undefined when the marked line is missing (python
 * died) or does not answer for every module.
 */
export const parseImportProbe = (
  stdout: string,
  modules: readonly string[],
): Record<string, ImportProbe> | undefined => {
  const document = markedJson(stdout)
  if (!isRecord(document)) return undefined
  const probes: Record<string, ImportProbe> = {}
  for (const module of modules) {
    const entry = document[module]
    if (!isRecord(entry)) return undefined
    probes[module] =
      entry.ok === true
        ? typeof entry.version === 'string'
          ? {ok: true, version: entry.version}
          : {ok: true}
        : {ok: false, error: typeof entry.error === 'string' ? entry.error : 'import failed'}
  }
  return probes
}
