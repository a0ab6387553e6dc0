import type {CondaInfo} from '../types.js'
import {isObject, stringField, stringsField} from './json-documents.js'

/** `3.11.2.final.0` → `3.11.2`. */
const shortPythonVersion = (version: string): string => /^\d+(?:\.\d+)*/.exec(version)?.[0] ?? version

const tryJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Reads `conda info --json`; undefined when stdout is not such a document (not a working conda). */
export const parseInfoJson = (stdout: string): CondaInfo | undefined => {
  const document = tryJson(stdout.trim())
  if (!isObject(document)) return undefined
  const rootPrefix = stringField(document, 'root_prefix')
  const condaVersion = stringField(document, 'conda_version')
  if (rootPrefix === undefined || condaVersion === undefined) return undefined
  const solver = isObject(document.solver) ? stringField(document.solver, 'name') : undefined
  return {
    rootPrefix,
    condaVersion,
    pythonVersion: shortPythonVersion(stringField(document, 'python_version') ?? ''),
    envsDirs: stringsField(document, 'envs_dirs'),
    pkgsDirs: stringsField(document, 'pkgs_dirs'),
    channels: stringsField(document, 'channels'),
    platform: stringField(document, 'platform') ?? '',
    ...(solver === undefined ? {} : {solver}),
  }
}
