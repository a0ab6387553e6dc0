import type {CondaListEntry} from '../types.js'
import {isObject, stringField} from './json-documents.js'

/** Reads `conda list --json`: one entry per package (pip-installed ones have channel `pypi`). */
export const parseListJson = (stdout: string): CondaListEntry[] | undefined => {
  let document: unknown
  try {
    document = JSON.parse(stdout.trim())
  } catch {
    return undefined
  }
  if (!Array.isArray(document)) return undefined
  return document.filter(isObject).map((record) => ({
    name: stringField(record, 'name') ?? '',
    version: stringField(record, 'version') ?? '',
    build: stringField(record, 'build_string') ?? '',
    channel: stringField(record, 'channel') ?? '',
    platform: stringField(record, 'platform') ?? '',
    baseUrl: stringField(record, 'base_url') ?? '',
    distName: stringField(record, 'dist_name') ?? '',
  }))
}
