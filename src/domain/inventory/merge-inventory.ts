import {assertValidEnvName} from './env-name.js'

/** One line of the file with its own terminator (`''` for a last line without a final newline). */
type RawLine = {text: string; end: string}

/** The dated comment above the lines that one `inventory --write` adds. */
export const addedComment = (today: string): string => `# added by condamig inventory --write on ${today}`

/**
 * Adds `NAME = export` lines for environments not yet in the inventory, as a pure text edit (CONTRACT §2): every
 * existing byte is kept (BOM, CRLF or LF, a missing final newline, comments, order); the new lines form one contiguous
 * block, under a dated comment, after the last non-blank line of `[environments]` (a comment block glued to the next
 * section's header stays with that header). Without an `[environments]` section one is appended. Names already listed
 * (whatever their action) are not added again; when nothing is new the text is returned unchanged.
 */
export const mergeInventory = (text: string, newNames: readonly string[], today: string): string => {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : ''
  const body = text.slice(bom.length)
  const lines = splitKeepingEnds(body)
  const listed = listedNames(lines)
  const names = [...new Set(newNames)].filter((name) => !listed.has(name))
  if (names.length === 0) return text
  for (const name of names) assertValidEnvName(name, 'inventory --write')

  const eol = /\r\n|\n|\r/.exec(body)?.[0] ?? '\n'
  const entries = [addedComment(today), ...names.map((name) => `${name} = export`)]
  const header = lines.findIndex((line) => sectionOf(line) === 'environments')
  if (header < 0) return text + appendedSection(lines, entries, eol)

  const at = insertionIndex(lines, header)
  const previous = lines[at - 1]
  const next = lines[at]
  const spacer = at - 1 === header ? [] : ['']
  let block: string
  if (previous !== undefined && previous.end === '') {
    // the file ends without a newline: start a line, and keep ending without one
    block = eol + [...spacer, ...entries].join(eol)
  } else {
    const after = next !== undefined && next.text.trim() !== '' ? eol : ''
    block = [...spacer, ...entries].join(eol) + eol + after
  }

  const offset = lines.slice(0, at).reduce((sum, line) => sum + line.text.length + line.end.length, 0)
  return bom + body.slice(0, offset) + block + body.slice(offset)
}

/**
 * The text of a brand-new inventory: the rendered `templates/inventory-header.ini` (which ends with an empty
 * `[environments]`) with `names` merged in as `export`.
 */
export const newInventoryText = (header: string, names: readonly string[], today: string): string =>
  mergeInventory(header, names, today)

/** Where the new block goes: before lines[index]. */
const insertionIndex = (lines: RawLine[], header: number): number => {
  let end = lines.findIndex((line, index) => index > header && sectionOf(line) !== undefined)
  if (end < 0) end = lines.length
  let last = end - 1
  if (end < lines.length) {
    // comments directly above the next header describe that section
    let above = last
    while (above > header && isComment(lines[above])) above--
    if (above > header) last = above
  }

  while (last > header && lines[last]?.text.trim() === '') last--
  return last + 1
}

const appendedSection = (lines: RawLine[], entries: string[], eol: string): string => {
  const last = lines.at(-1)
  if (last === undefined) return ['[environments]', ...entries].join(eol) + eol
  const start = last.end === '' ? eol : ''
  const spacer = last.text.trim() === '' ? '' : eol
  const finalNewline = last.end === '' ? '' : eol
  return start + spacer + ['[environments]', ...entries].join(eol) + finalNewline
}

/** Names on `NAME = …` lines of any `[environments]` section, read leniently (the file was validated before). */
const listedNames = (lines: RawLine[]): Set<string> => {
  const names = new Set<string>()
  let inEnvironments = false
  for (const line of lines) {
    const section = sectionOf(line)
    if (section !== undefined) inEnvironments = section === 'environments'
    else if (inEnvironments && !isComment(line) && line.text.includes('=')) {
      names.add(line.text.slice(0, line.text.indexOf('=')).trim())
    }
  }

  return names
}

const sectionOf = (line: RawLine): string | undefined => /^\s*\[\s*([^\]]*?)\s*\]/.exec(line.text)?.[1]?.toLowerCase()

const isComment = (line: RawLine | undefined): boolean => /^\s*[#;]/.test(line?.text ?? '')

const splitKeepingEnds = (body: string): RawLine[] => {
  const lines: RawLine[] = []
  for (const match of body.matchAll(/([^\r\n]*)(\r\n|\n|\r|$)/g)) {
    const [, text = '', end = ''] = match
    if (text === '' && end === '') break
    lines.push({text, end})
  }

  return lines
}
