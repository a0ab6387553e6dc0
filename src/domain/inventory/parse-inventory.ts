import {BadInputError} from '../../errors.js'
import {envNameProblem} from './env-name.js'
import type {Inventory, InventoryAction} from './inventory.js'
import {quoteValue} from './quote-value.js'

const SECTION_HEADER = /^\[\s*([\w.-]+)\s*\]\s*(?:[#;].*)?$/
const ACTIONS: Record<string, InventoryAction> = {replicate: 'REPLICATE', export: 'export'}

type Line = {n: number; text: string}
type Section = 'environments' | 'condamig' | 'tests' | 'unknown'
type Fail = (code: string, line: Line, message: string, hint?: string) => never

/**
 * The value of a `[environments]` or `[condamig]` line: an inline comment (`#` or `;` after whitespace) is dropped,
 * and a value in matching single or double quotes is unquoted (`"a # b"` keeps its `#`).
 */
export const iniValue = (raw: string): string => {
  const quote = raw[0]
  if (quote === '"' || quote === "'") {
    const close = raw.indexOf(quote, 1)
    const rest = close > 0 ? raw.slice(close + 1).trim() : undefined
    if (rest !== undefined && (rest === '' || rest.startsWith('#') || rest.startsWith(';'))) return raw.slice(1, close)
  }

  return raw.replace(/\s[#;].*$/, '').trim()
}

/**
 * Parses `BASE/condamig.ini` (CONTRACT §2), line by line so every message can name `file:line`. Pure.
 *
 * - Comments are lines starting with `#` or `;`; blank lines, CRLF, a BOM and trailing spaces are fine.
 * - `[environments]`: `NAME = REPLICATE | export`, case-insensitive, normalised to that spelling.
 * - `[condamig]`: raw key/values for resolveSettings; `[tests]`: `NAME = shell command`.
 * - Inline comments (` # …`, ` ; …`) are stripped in `[environments]` and `[condamig]`, but a `[tests]` command is
 *   kept verbatim: `;` and `#` mean something to the shell, which runs it.
 * - Unknown sections are warnings. Anything malformed throws a one-line BadInputError (exit 2).
 */
export const parseInventory = (text: string, file: string): Inventory => {
  const inventory: Inventory = {file, environments: [], settings: [], tests: [], warnings: []}
  const fail: Fail = (code, line, message, hint) => {
    throw new BadInputError(code, `${file}:${line.n}: ${message}`, {hint})
  }

  let section: Section | undefined
  for (const line of splitLines(text)) {
    const trimmed = line.text.trim()
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue
    if (trimmed.startsWith('[')) {
      const name = SECTION_HEADER.exec(trimmed)?.[1]?.toLowerCase()
      if (name === undefined) {
        fail('inventory.bad-section', line, `${quoteValue(trimmed)} is not a section header`, 'Write [environments].')
      }

      section = name === 'environments' || name === 'condamig' || name === 'tests' ? name : 'unknown'
      if (section === 'unknown') inventory.warnings.push(`${file}:${line.n}: unknown section [${name}] (ignored)`)
      continue
    }

    if (section === undefined) {
      fail(
        'inventory.no-section',
        line,
        `${quoteValue(trimmed)} comes before any section`,
        'Start with [environments].',
      )
    }

    if (section === 'unknown') continue
    const eq = trimmed.indexOf('=')
    if (eq < 0) fail('inventory.no-equals', line, `${quoteValue(trimmed)} is not 'key = value' (no '=')`)
    const key = trimmed.slice(0, eq).trim()
    const raw = trimmed.slice(eq + 1).trim()
    if (key === '') fail('inventory.no-key', line, `${quoteValue(trimmed)} has no key before '='`)
    if (section === 'environments') addEnvironment(inventory, line, key, iniValue(raw), fail)
    else if (section === 'condamig') addSetting(inventory, line, key, iniValue(raw), fail)
    else addTest(inventory, line, key, raw, fail)
  }

  warnAboutOrphanTests(inventory)
  return inventory
}

const checkName = (line: Line, name: string, fail: Fail) => {
  const problem = envNameProblem(name)
  if (problem !== undefined) {
    fail('inventory.bad-name', line, `${quoteValue(name)} is not a valid environment name: ${problem}`)
  }
}

const addEnvironment = (inventory: Inventory, line: Line, name: string, value: string, fail: Fail) => {
  checkName(line, name, fail)
  const action = Object.hasOwn(ACTIONS, value.toLowerCase()) ? ACTIONS[value.toLowerCase()] : undefined
  if (action === undefined) {
    fail('inventory.bad-value', line, `${quoteValue(value)} is not an action for '${name}' (use REPLICATE or export)`)
  }

  const first = inventory.environments.find((entry) => entry.name === name)
  if (first !== undefined) {
    fail(
      'inventory.duplicate-env',
      line,
      `'${name}' is listed twice in [environments] (lines ${first.line} and ${line.n})`,
    )
  }

  inventory.environments.push({name, action, line: line.n})
}

const addSetting = (inventory: Inventory, line: Line, key: string, value: string, fail: Fail) => {
  const first = inventory.settings.find((setting) => setting.key.toLowerCase() === key.toLowerCase())
  if (first !== undefined) {
    fail('inventory.duplicate-key', line, `'${key}' is set twice in [condamig] (lines ${first.line} and ${line.n})`)
  }

  inventory.settings.push({key, value, line: line.n})
}

const addTest = (inventory: Inventory, line: Line, name: string, command: string, fail: Fail) => {
  checkName(line, name, fail)
  if (command === '') fail('inventory.empty-test', line, `the [tests] command for '${name}' is empty`)
  const first = inventory.tests.find((test) => test.name === name)
  if (first !== undefined) {
    fail('inventory.duplicate-test', line, `'${name}' has two [tests] commands (lines ${first.line} and ${line.n})`)
  }

  inventory.tests.push({name, command, line: line.n})
}

/** verify only runs in replicated environments; a test for anything else would silently never run. */
const warnAboutOrphanTests = (inventory: Inventory) => {
  for (const test of inventory.tests) {
    const entry = inventory.environments.find((env) => env.name === test.name)
    if (entry?.action !== 'REPLICATE') {
      inventory.warnings.push(
        `${inventory.file}:${test.line}: [tests] '${test.name}' is not REPLICATE in [environments] (verify will not run it)`,
      )
    }
  }
}

/** 1-based lines without their terminators; a leading BOM is dropped. LF, CRLF and lone CR all end a line. */
const splitLines = (text: string): Line[] =>
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .map((lineText, index) => ({n: index + 1, text: lineText}))
