import type {CondaDep} from './env-spec.js'

/** A parsed conda dependency and, when the text is not a clean match spec, what is wrong with it. */
export type ParsedCondaDep = {dep: CondaDep; problem?: string}

type Tail = {version?: string; build?: string; problem?: string}

/** Conda package names as written in env files (conda lowercases them; hand-written files do not always). */
const isNameChar = (code: number, first: boolean): boolean =>
  (code >= 97 && code <= 122) || // a-z
  (code >= 65 && code <= 90) || // A-Z
  (code >= 48 && code <= 57) || // 0-9
  code === 95 || // _
  (!first && (code === 46 || code === 43 || code === 45)) // . + -

const nameLength = (text: string): number => {
  let index = 0
  while (index < text.length && isNameChar(text.charCodeAt(index), index === 0)) index++
  return index
}

const hasBlank = (text: string): boolean => text.includes(' ') || text.includes('\t')

/** `version='>=1.10', build=py39*` → {version: '>=1.10', build: 'py39*'}; quotes may hold commas. */
const parseBracket = (body: string): Record<string, string> => {
  const fields: Record<string, string> = {}
  for (const [, key, value] of body.matchAll(/\s*([\w-]+)\s*=\s*('[^']*'|"[^"]*"|[^,]*)\s*,?/g)) {
    if (key !== undefined && value !== undefined) fields[key] = value.replace(/^(['"])(.*)\1$/, '$2').trim()
  }

  return fields
}

/** Spaces inside a constraint carry no meaning (`>= 1.2 , <2` is `>=1.2,<2`). */
const compactConstraint = (text: string): string =>
  hasBlank(text) ? text.replace(/\s*([,|])\s*/g, '$1').replace(/([<>=!~]=?)\s+/g, '$1') : text

/** `=1.2=py39_0`, `==1.2=b`: the version (with `==` kept for exact pins) and the build after it. */
const parseEquals = (text: string): Tail => {
  const exact = text.startsWith('==')
  const body = text.slice(exact ? 2 : 1)
  const cut = body.indexOf('=')
  const version = compactConstraint((cut < 0 ? body : body.slice(0, cut)).trim())
  const build = cut < 0 ? undefined : body.slice(cut + 1).trim()
  if (version === '' || hasBlank(version)) return {problem: 'no version after `=`'}
  return {version: exact ? `==${version}` : version, build}
}

/** The part after the name: `=1.2=py39_0`, `==1.2`, `>=1,<2`, ` 1.8 py27_0` (conda's space form), ` = 3.9`. */
const parseTail = (tail: string): Tail => {
  if (tail === '') return {}
  // the common case (`=1.2=py39_0`, `>=1.2`) has no blanks: no compaction or joined-item checks needed
  if (!hasBlank(tail)) {
    if (tail[0] === '=') return parseEquals(tail)
    return /^[<>!~]/.test(tail) ? {version: tail} : {problem: `unexpected \`${tail}\` after the package name`}
  }

  const text = tail.trim()
  if (text === '') return {}
  if (/(?:^|\s)-(?:\s|$)/.test(text))
    return {problem: 'looks like two list items joined by a line with wrong indentation'}
  if (text[0] === '=') return parseEquals(text)
  if (/^[<>!~]/.test(text)) {
    const [version, build, extra] = compactConstraint(text).split(/\s+/)
    return extra === undefined ? {version, build} : {problem: 'too many space-separated parts'}
  }

  // `name version [build]`: conda reads a bare version here as an exact one (MatchSpec canonical form `name==1.8`)
  if (!/^\s/.test(tail)) return {problem: `unexpected \`${text}\` after the package name`}
  const [version = '', build, extra] = text.split(/\s+/)
  if (extra !== undefined) return {problem: 'too many space-separated parts'}
  return {version: /^[\w.+!]+$/.test(version) ? `==${version}` : version, build}
}

const isSet = (value: string | undefined): value is string => value !== undefined && value !== '' && value !== '*'

/** {@link parseCondaDep} and {@link condaSpecProblem} in one pass, for the parser's hot loop. */
export const parseCondaSpec = (raw: string, line?: number): ParsedCondaDep => {
  const text = raw.trim()
  let rest = text
  let channel: string | undefined
  const separator = rest.lastIndexOf('::')
  if (separator >= 0) {
    channel = rest.slice(0, separator).trim()
    rest = rest.slice(separator + 2).trim()
  }

  let bracket: Record<string, string> = {}
  const open = rest.indexOf('[')
  const closed = open < 0 || rest.endsWith(']')
  if (open >= 0 && closed) bracket = parseBracket(rest.slice(open + 1, -1))
  if (open >= 0) rest = rest.slice(0, open)
  const length = nameLength(rest)
  const tail = length === 0 ? {} : parseTail(rest.slice(length))
  const dep: CondaDep = {raw: text, name: rest.slice(0, length)}
  const version = bracket.version ?? tail.version
  const build = bracket.build ?? tail.build
  channel = bracket.channel ?? channel
  if (channel !== undefined && channel !== '') dep.channel = channel
  if (isSet(version)) dep.version = version
  if (isSet(build)) dep.build = build
  if (line !== undefined) dep.line = line
  const problem =
    channel === ''
      ? 'empty channel before `::`'
      : !closed
        ? 'unclosed `[`'
        : length === 0
          ? text === ''
            ? 'empty dependency'
            : 'does not start with a package name'
          : tail.problem
  return problem === undefined ? {dep} : {dep, problem}
}

/**
 * Parses one conda dependency of an environment file: `numpy`, `numpy=1.21.2=py39h`, `numpy==1.2`,
 * `numpy >=1.2`, `python 3.8` (conda's space form, exact), `conda-forge::numpy`, `pkg[version='>=1.10']`.
 * Total: never throws; see {@link condaSpecProblem} for what is wrong with a spec that does not parse cleanly.
 */
export const parseCondaDep = (raw: string, line?: number): CondaDep => parseCondaSpec(raw, line).dep

/** Why a string is not a conda match spec (`python=3.11 - numpy`, `@foo`, `::numpy`), or undefined when it is one. */
export const condaSpecProblem = (raw: string): string | undefined => parseCondaSpec(raw).problem
