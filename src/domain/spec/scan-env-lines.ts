import {unknownKeyWarning, type RawDep, type RawEnvFile, type RawScalar} from './raw-env-file.js'
import {scanScalar} from './scan-scalar.js'

/**
 * A line-based reader for environment files: the block-style YAML subset that `conda env export` writes and
 * people hand-edit (top-level keys, `- item` lists, unindented lists, the `- pip:` map, quoted scalars, inline
 * comments, Python tags, CRLF). It is ~20× faster than a full YAML parse, which `plan` needs for hundreds of envs.
 *
 * - strict: gives up (returns undefined) on anything the YAML library might read differently; the caller then
 *   uses the library. Tests check both give the same result on every fixture.
 * - tolerant: used when the YAML library fails (tabs, bad indentation, unclosed brackets): reads what it can
 *   and records what it guessed in `warnings`.
 */
export const scanEnvLines = (text: string, mode: 'strict' | 'tolerant'): RawEnvFile | undefined => {
  try {
    return new Scanner(mode === 'strict').scan(text)
  } catch (error) {
    if (error === GIVE_UP) return undefined
    throw error
  }
}

const GIVE_UP = Symbol('give up')

/** `- x` or a lone `-`: a block sequence item. */
const isItem = (body: string): boolean => body[0] === '-' && (body.length === 1 || body[1] === ' ' || body[1] === '\t')
const KEY = /^([A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]+(.*))?$/
const KNOWN_KEYS = new Set(['name', 'channels', 'dependencies', 'prefix', 'variables'])

type Section = 'name' | 'prefix' | 'channels' | 'dependencies' | 'variables' | 'unknown' | undefined
/** A tag alone on an item line (`- !!python/unicode`): its value is on the next, deeper line. */
type Pending = {dashIndent: number; add: (scalar: RawScalar) => void}

class Scanner {
  private readonly file: RawEnvFile = {unknownKeys: [], warnings: []}
  private section: Section
  private seqIndent: number | undefined
  private pip: {dashIndent: number; keyCol: number; itemIndent?: number; items: RawScalar[]} | undefined
  private pending: Pending | undefined
  private flowOpen = false
  private readonly seen = new Set<string>()
  private lineNo = 0
  private readonly strict: boolean

  constructor(strict: boolean) {
    this.strict = strict
  }

  scan(text: string): RawEnvFile | undefined {
    const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)
    for (let index = 0; index < lines.length; index++) {
      this.lineNo = index + 1
      const line = (lines[index] ?? '').trimEnd()
      let indent = 0
      let tabs = false
      for (; indent < line.length; indent++) {
        const char = line[indent]
        if (char === '\t') tabs = true
        else if (char !== ' ') break
      }

      const body = line.slice(indent)
      if (body === '' || body[0] === '#') continue
      if (tabs) this.doubt('a tab in the indentation')
      this.line(tabs ? line.slice(0, indent).replaceAll('\t', '        ').length : indent, body)
    }

    if (this.pending !== undefined) this.doubt('a tag with no value')
    const {file} = this
    if (this.strict && file.name === undefined && file.dependencies === undefined) return undefined
    return file
  }

  /** Strict: give the file to the YAML library. Tolerant: note it and carry on. */
  private doubt(what: string): void {
    if (this.strict) throw GIVE_UP
    this.file.warnings.push(`line ${this.lineNo}: ${what}`)
  }

  private line(indent: number, body: string): void {
    if (this.pending !== undefined) {
      const pending = this.pending
      this.pending = undefined
      if (indent > pending.dashIndent && !isItem(body)) return this.push(pending.add, body, indent)
      this.doubt('a tag with no value')
    }

    // an unclosed `[` runs until the next top-level key
    if (this.flowOpen && !(indent === 0 && KEY.test(body))) return this.flow(body)
    this.flowOpen = false
    if (indent === 0 && !isItem(body)) return this.key(body)
    switch (this.section) {
      case 'channels':
        return this.channel(indent, body)
      case 'dependencies':
        return this.dependency(indent, body)
      case 'variables':
        return this.variable(body)
      case 'unknown':
        return
      default:
        return this.doubt(`\`${body}\` is not part of a list`)
    }
  }

  private key(body: string): void {
    const match = KEY.exec(body)
    if (match?.[1] === undefined || body === '---' || body === '...') {
      this.section = 'unknown'
      return this.doubt(`\`${body}\` is not a key`)
    }

    const [, key, value = ''] = match
    if (this.seen.has(key)) this.doubt(`a second \`${key}:\` (the last one counts)`)
    this.seen.add(key)
    this.seqIndent = undefined
    this.pip = undefined
    this.section = KNOWN_KEYS.has(key) ? (key as Section) : 'unknown'
    if (this.section === 'unknown') {
      this.file.unknownKeys.push({key, line: this.lineNo})
      this.file.warnings.push(unknownKeyWarning(key, this.lineNo))
    } else if (key === 'name' || key === 'prefix') {
      const scalar = this.scalar(value)
      if (scalar !== undefined) this.file[key] = scalar
    } else this.collection(key, value)
  }

  /** `channels:`, `dependencies:`, `variables:` with nothing after them (a block follows), `[]`, or a flow list. */
  private collection(key: string, value: string): void {
    const rest = value.replace(/(^|\s)#.*$/, '').trim()
    const tagless = rest.replace(/^!!python\/tuple\s*/, '')
    if (key === 'variables') {
      this.file.variables = {}
      if (tagless !== '' && tagless !== '{}') this.doubt('`variables:` is not a block mapping')
      return
    }

    if (key === 'channels') this.file.channels = []
    else this.file.dependencies = tagless === '' ? null : []
    if (tagless === '' || tagless === '[]') return
    if (!tagless.startsWith('[')) {
      this.doubt(`\`${key}:\` is not followed by a list`)
      return this.flow(`${tagless}]`)
    }

    this.doubt(`\`${key}:\` is a flow list`)
    this.flowOpen = true
    this.flow(tagless.slice(1))
  }

  /** Tolerant only: items of a `[a, b, c` list, possibly unclosed, possibly over several lines. */
  private flow(body: string): void {
    const end = body.indexOf(']')
    if (end >= 0) this.flowOpen = false
    for (const item of (end >= 0 ? body.slice(0, end) : body).split(',')) {
      const text = item.trim().replace(/^(['"])(.*)\1$/, '$2')
      if (text === '') continue
      const scalar = {value: text, text, line: this.lineNo}
      if (this.section === 'channels') (this.file.channels as RawScalar[]).push(scalar)
      else (this.file.dependencies ??= []).push({kind: 'scalar', scalar})
    }
  }

  private scalar(text: string): RawScalar | undefined {
    const scanned = scanScalar(text, this.strict)
    if (scanned === undefined || 'tagOnly' in scanned) {
      this.doubt(scanned === undefined ? `cannot read \`${text}\`` : 'a tag with no value')
      return undefined
    }

    return {value: scanned.value, text: scanned.text, line: this.lineNo}
  }

  /** A list item's value; a tag alone (`- !!python/unicode`) takes its value from the next line. */
  private push(add: (scalar: RawScalar) => void, text: string, dashIndent: number): void {
    const scanned = scanScalar(text, this.strict)
    if (scanned === undefined) return this.doubt(`cannot read \`${text}\``)
    if ('tagOnly' in scanned) this.pending = {dashIndent, add}
    else add({value: scanned.value, text: scanned.text, line: this.lineNo})
  }

  /** Every item of one list sits at one indentation; strict mode hands anything else to the YAML library. */
  private sameIndent(indent: number): void {
    this.seqIndent ??= indent
    if (indent !== this.seqIndent) this.doubt('a list item with a different indentation')
  }

  private channel(indent: number, body: string): void {
    if (!isItem(body)) return this.doubt(`\`${body}\` is not a list item`)
    this.sameIndent(indent)
    const channels = this.file.channels as RawScalar[]
    this.push((scalar) => channels.push(scalar), body.slice(1).trim(), indent)
  }

  private dependency(indent: number, body: string): void {
    if (!isItem(body)) return this.doubt(`\`${body}\` continues the line before it`)
    const item = body.slice(1).trimStart()
    const pip = this.pip
    if (pip !== undefined && indent > pip.dashIndent) {
      pip.itemIndent ??= indent
      if (indent < pip.keyCol || indent !== pip.itemIndent) this.doubt('a pip item with a different indentation')
      return this.push((scalar) => pip.items.push(scalar), item, indent)
    }

    this.pip = undefined
    this.sameIndent(indent)
    const deps = (this.file.dependencies ??= [])
    const pipKey = item.startsWith('pip') ? /^pip[ \t]*:(?:[ \t]+(.*))?$/.exec(item) : null
    if (pipKey !== null) {
      const rest = (pipKey[1] ?? '').replace(/(^|\s)#.*$/, '').trim()
      const items: RawScalar[] = []
      deps.push({kind: 'pip', items, line: this.lineNo})
      if (rest === '') this.pip = {dashIndent: indent, keyCol: indent + body.length - item.length, items}
      else if (rest !== '[]') this.doubt('`pip:` is not followed by a list')
      return
    }

    if (isItem(item) || (item.includes(':') && /^[^'"#][^#]*?:(\s|$)/.test(item))) {
      this.doubt(`\`${item}\` is a nested list or map`)
      return void deps.push({kind: 'other', text: item, line: this.lineNo} satisfies RawDep)
    }

    this.push((scalar) => deps.push({kind: 'scalar', scalar}), item, indent)
  }

  private variable(body: string): void {
    const match = /^([^:#\s][^:#]*?)[ \t]*:(?:[ \t]+(.*))?$/.exec(body)
    if (match?.[1] === undefined || /^['"]/.test(body)) return this.doubt(`\`${body}\` is not a plain variable`)
    const scalar = this.scalar(match[2] ?? '')
    if (scalar !== undefined) (this.file.variables ??= {})[match[1]] = scalar.text
  }
}
