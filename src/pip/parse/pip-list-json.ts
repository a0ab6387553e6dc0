import type {PipListEntry} from '../types.js'

/** Reads `pip list --format json`; undefined when stdout is not a JSON list. */
export const parsePipListJson = (stdout: string): PipListEntry[] | undefined => {
  let document: unknown
  try {
    document = JSON.parse(stdout.trim())
  } catch {
    return undefined
  }
  if (!Array.isArray(document)) return undefined
  return document.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return []
    const record = item as Record<string, unknown>
    if (typeof record.name !== 'string' || typeof record.version !== 'string') return []
    const location = record.editable_project_location
    return [
      {
        name: record.name,
        version: record.version,
        ...(typeof location === 'string' ? {editableLocation: location} : {}),
      },
    ]
  })
}
