/**
 * One YAML scalar written on one line, as the line scanner reads it: quoted ('…' with '' escapes, "…" with
 * simple backslash escapes) or plain (cut at ` #`), with the Python tags of old exports dropped.
 * `strict` refuses anything the YAML library might read differently, so the caller can hand the file over.
 */
export type ScannedScalar = {value: unknown; text: string} | {tagOnly: true} | undefined

/** Tags old conda exports wrote; their values are plain strings (or lists, for `!!python/tuple`). */
const PYTHON_TAG = /^!!(?:python\/(?:unicode|str|tuple)|str)(?=\s|$)/

/** YAML 1.2 core-schema plain scalars that are not strings (the YAML library's default schema). */
const TYPED =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/

/** The value the YAML library gives a typed plain scalar: only its being a non-string matters here. */
const typedValue = (text: string): unknown =>
  /^(?:~|null|Null|NULL)$/.test(text)
    ? null
    : /^(?:true|True|TRUE|false|False|FALSE)$/.test(text)
      ? /^t/i.test(text)
      : Number(text)

const DOUBLE_ESCAPES: Record<string, string> = {'\\': '\\', '"': '"', '/': '/', t: '\t', n: '\n'}

/** What follows a closing quote must be nothing or a comment. */
const restIsEmpty = (rest: string): boolean => rest.trim() === '' || /^\s+#/.test(rest)

const singleQuoted = (text: string, strict: boolean): ScannedScalar => {
  let value = ''
  for (let index = 1; index < text.length; index++) {
    const char = text[index]
    if (char !== "'") value += char
    else if (text[index + 1] === "'") value += text[index++]
    else return strict && !restIsEmpty(text.slice(index + 1)) ? undefined : {value, text: value}
  }

  return strict ? undefined : {value, text: value}
}

const doubleQuoted = (text: string, strict: boolean): ScannedScalar => {
  let value = ''
  for (let index = 1; index < text.length; index++) {
    const char = text[index] ?? ''
    if (char === '\\') {
      const escaped = DOUBLE_ESCAPES[text[index + 1] ?? '']
      if (escaped === undefined && strict) return undefined
      value += escaped ?? text[index + 1] ?? ''
      index++
    } else if (char === '"') {
      return strict && !restIsEmpty(text.slice(index + 1)) ? undefined : {value, text: value}
    } else value += char
  }

  return strict ? undefined : {value, text: value}
}

/** Characters a plain scalar may not start with (YAML indicators). */
const INDICATORS = new Set(['[', ']', '{', '}', '&', '*', '!', '|', '>', '%', '@', '`', '"', "'"])
/** First characters of typed plain scalars: anything else is a string without running TYPED. */
const TYPED_START = new Set([...'0123456789.+-~nNtTfF'])

/** A plain scalar may not start with an indicator, nor hold `: ` (then it is a mapping). */
const plainIsSafe = (value: string): boolean => {
  const first = value[0] ?? ''
  if (INDICATORS.has(first)) return false
  if ((first === '-' || first === '?' || first === ':') && (value.length === 1 || /\s/.test(value[1] ?? '')))
    return false
  return !value.includes(':') || !/:(?:\s|$)/.test(value)
}

/** The plain scalar without its comment (` #…`; a `#` inside a word, as in `#egg=`, is not one). */
const withoutComment = (text: string): string => {
  let hash = text.indexOf('#')
  while (hash > 0 && text[hash - 1] !== ' ' && text[hash - 1] !== '\t') hash = text.indexOf('#', hash + 1)
  return hash < 0 ? text : text.slice(0, hash).trimEnd()
}

/** Reads the scalar that starts `text` (already trimmed at the left). Undefined: strict mode gives up. */
export const scanScalar = (input: string, strict: boolean): ScannedScalar => {
  let text = input
  const tag = text.startsWith('!') ? PYTHON_TAG.exec(text) : null
  if (tag !== null) text = text.slice(tag[0].length).trimStart()
  else if (text.startsWith('!')) {
    if (strict) return undefined
    text = text.replace(/^\S+\s*/, '')
  }

  if (text === '' || text.startsWith('#')) return tag === null ? {value: null, text: ''} : {tagOnly: true}
  if (text.startsWith("'")) return singleQuoted(text, strict)
  if (text.startsWith('"')) return doubleQuoted(text, strict)
  const value = withoutComment(text)
  if (strict && !plainIsSafe(value)) return undefined
  const typed = TYPED_START.has(value[0] ?? '') && TYPED.test(value)
  return {value: typed ? typedValue(value) : value, text: value}
}
