/** A parsed JSON object (conda's documents are always objects or, for `list --json`, arrays). */
export type JsonObject = Record<string, unknown>

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const tryParse = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** A JSON object in one segment: the whole segment, else from the first line that starts with `{`. */
const objectInSegment = (segment: string): JsonObject | undefined => {
  const whole = tryParse(segment.trim())
  if (isObject(whole)) return whole
  // 23.7.4 `remove --all --json` prints "Remove all packages in environment …:" before its document
  for (let at = segment.indexOf('\n{'); at !== -1; at = segment.indexOf('\n{', at + 1)) {
    const parsed = tryParse(segment.slice(at + 1).trim())
    if (isObject(parsed)) return parsed
  }
  return undefined
}

/**
 * The last complete JSON object in conda `--json` output. `create --json` writes fetch-progress objects
 * separated by NUL before its final document (transcripts conda-23.7.4/create-json.json), and a process
 * killed mid-write leaves a truncated last segment: so segments are tried from the end.
 */
export const lastJsonObject = (text: string): JsonObject | undefined => {
  const segments = text.split('\0')
  for (let index = segments.length - 1; index >= 0; index--) {
    const found = objectInSegment(segments[index] ?? '')
    if (found) return found
  }
  return undefined
}

/** Reads a field as a string, or undefined. */
export const stringField = (document: JsonObject | undefined, key: string): string | undefined => {
  const value = document?.[key]
  return typeof value === 'string' ? value : undefined
}

/** Reads a field as a list of strings (non-strings dropped), or []. */
export const stringsField = (document: JsonObject | undefined, key: string): string[] => {
  const value = document?.[key]
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []
}

export {isObject}
