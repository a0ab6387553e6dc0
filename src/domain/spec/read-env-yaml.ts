import {isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair} from 'yaml'
import {unknownKeyWarning, type RawDep, type RawEnvFile, type RawScalar} from './raw-env-file.js'

/** What the YAML library made of the file: an environment mapping, something else, or a syntax error. */
export type YamlRead =
  | {kind: 'env'; file: RawEnvFile}
  | {kind: 'not-a-map'; what: 'empty' | 'a list' | 'a scalar'; line: number; text: string}
  | {kind: 'error'; line: number; message: string}

const KNOWN_KEYS = new Set(['name', 'channels', 'dependencies', 'prefix', 'variables'])

/** Reads nodes with their 1-based line; the source slice is what error messages quote. */
const reader = (text: string, counter: LineCounter) => {
  const lineOf = (node: unknown, fallback: number): number => {
    const range = (node as {range?: [number, number, number]} | null)?.range
    return range === undefined ? fallback : counter.linePos(range[0]).line
  }

  const sourceOf = (node: unknown): string => {
    const range = (node as {range?: [number, number, number]} | null)?.range
    return range === undefined ? '' : (text.slice(range[0], range[1]).split(/\r?\n/)[0] ?? '').trim()
  }

  const scalar = (node: unknown, fallbackLine: number): RawScalar => {
    const line = lineOf(node, fallbackLine)
    if (!isScalar(node)) return {value: node === null ? null : {}, text: sourceOf(node), line}
    // plain scalars keep their source (`name: 1.10` is the text 1.10, not the number 1.1)
    const source = (node as {source?: string}).source
    return {value: node.value, text: node.type === 'PLAIN' && source !== undefined ? source : String(node.value), line}
  }

  const dependency = (node: unknown, fallbackLine: number): RawDep => {
    const line = lineOf(node, fallbackLine)
    if (isMap(node) && node.items.length === 1) {
      const [pair] = node.items as Pair<unknown, unknown>[]
      const value = pair?.value
      if (isScalar(pair?.key) && pair.key.value === 'pip' && (value === null || isSeq(value) || isNullScalar(value))) {
        const items = isSeq(value) ? value.items.map((item) => scalar(item, line)) : []
        return {kind: 'pip', items, line}
      }
    }

    if (isMap(node) || isSeq(node)) return {kind: 'other', text: sourceOf(node), line}
    return {kind: 'scalar', scalar: scalar(node, line)}
  }

  return {lineOf, sourceOf, scalar, dependency}
}

const isNullScalar = (node: unknown): boolean => isScalar(node) && node.value === null

/** The items of `dependencies:`; null when empty; anything but a list is one bad item (a BadInputError later). */
const dependencies = (read: ReturnType<typeof reader>, value: unknown, line: number): RawDep[] | null => {
  if (isSeq(value)) return value.items.map((item) => read.dependency(item, line))
  if (value === null || isNullScalar(value)) return null
  return [{kind: 'other', text: read.sourceOf(value), line: read.lineOf(value, line)}]
}

/**
 * Reads an environment file with the `yaml` library, keeping line numbers. Python tags of old exports
 * (`!!python/unicode`, `!!python/tuple`) resolve to their plain values; the library only warns about them.
 */
export const readEnvYaml = (text: string): YamlRead => {
  const counter = new LineCounter()
  const doc = parseDocument(text, {lineCounter: counter, logLevel: 'silent', prettyErrors: false})
  const [error] = doc.errors
  if (error !== undefined) return {kind: 'error', line: counter.linePos(error.pos[0]).line, message: error.message}
  const read = reader(text, counter)
  const contents = doc.contents as Node | null
  if (contents === null || isNullScalar(contents)) return {kind: 'not-a-map', what: 'empty', line: 1, text: ''}
  if (!isMap(contents)) {
    const what = isSeq(contents) ? 'a list' : 'a scalar'
    return {kind: 'not-a-map', what, line: read.lineOf(contents, 1), text: read.sourceOf(contents)}
  }

  const file: RawEnvFile = {unknownKeys: [], warnings: []}
  for (const pair of contents.items as Pair<unknown, unknown>[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : read.sourceOf(pair.key)
    const line = read.lineOf(pair.key, 1)
    const value = pair.value
    if (!KNOWN_KEYS.has(key)) {
      file.unknownKeys.push({key, line})
      file.warnings.push(unknownKeyWarning(key, line))
    } else if (key === 'name' || key === 'prefix') {
      file[key] = read.scalar(value, line)
    } else if (key === 'channels') {
      file.channels = isSeq(value) ? value.items.map((item) => read.scalar(item, line)) : read.scalar(value, line)
    } else if (key === 'dependencies') {
      file.dependencies = dependencies(read, value, line)
    } else if (isMap(value)) {
      const variables: Record<string, string> = {}
      for (const item of value.items as Pair<unknown, unknown>[]) {
        variables[String(isScalar(item.key) ? item.key.value : '')] = read.scalar(item.value, line).text
      }

      file.variables = variables
    }
  }

  return {kind: 'env', file}
}
