import {cleanOutput} from './clean-output.js'

/**
 * An exception read from conda's text output. `message` starts with `Name: ` and is capped; `detail` is the
 * whole explanation after the name (every missing package, every channel), for extracting packages.
 */
export type TextError = {exceptionName: string; message: string; detail: string}

/** `PackagesNotFoundError: …`, `DryRunExit: …`, `InvalidArchiveError("…")` (the repr form of some errors). */
const EXCEPTION_LINE =
  /^([A-Z]\w*?(?:Error|Exception|Exit|NotFound|NotDetected|InvalidChannel|Mismatch|Conflict))(?:: ?(.*)|\((.*)\))$/
/** The exception line that ends a Python traceback: `ruamel.yaml.parser.ParserError: while parsing…`. */
const TRACEBACK_EXCEPTION = /^((?:[A-Za-z_]\w*\.)*([A-Z]\w*))(?:: (.*))?$/
/** Where conda's canned advice starts: not part of "what went wrong". */
const BOILERPLATE =
  /^(To search for alternate channels|You will need to adjust your conda configuration|Next steps:|An unexpected error has occurred|`\$ )/

const MAX_LINES = 10

/** The block that follows an exception line, up to conda's boilerplate, blank lines dropped, capped. */
const blockAfter = (lines: string[], start: number, first: string, maxLines = MAX_LINES): string[] => {
  const block = [first]
  for (const line of lines.slice(start + 1)) {
    if (BOILERPLATE.test(line.trim()) || EXCEPTION_LINE.test(line.trim())) break
    if (line.trim() !== '') block.push(line)
  }
  return block.slice(0, maxLines)
}

/** Reads the final exception of an unhandled traceback ("ERROR REPORT", transcripts env-create-bad-yaml-syntax.txt). */
const tracebackError = (lines: string[]): TextError | undefined => {
  const start = lines.findIndex((line) => line.includes('Traceback (most recent call last):'))
  if (start === -1) return undefined
  let lastFrame = start
  lines.forEach((line, index) => {
    if (index > start && line.trim().startsWith('File "')) lastFrame = index
  })
  for (let index = lastFrame + 1; index < lines.length; index++) {
    const match = TRACEBACK_EXCEPTION.exec((lines[index] ?? '').trim())
    if (!match?.[2]) continue
    const block = blockAfter(lines, index, (lines[index] ?? '').trim()).map((line) => line.trim())
    return {exceptionName: match[2], message: block.join('\n'), detail: match[3] ?? ''}
  }
  return undefined
}

/**
 * Finds the error conda printed as text (on stderr without `--json`, or when it crashed): a traceback's
 * last exception first, else the first `XxxError: …` line with the lines that explain it.
 */
export const parseTextError = (text: string): TextError | undefined => {
  const lines = cleanOutput(text).split('\n')
  const fromTraceback = tracebackError(lines)
  if (fromTraceback) return fromTraceback
  const index = lines.findIndex((line) => EXCEPTION_LINE.test(line.trim()))
  if (index === -1) return undefined
  const match = EXCEPTION_LINE.exec((lines[index] ?? '').trim())
  const name = match?.[1] ?? 'UnknownError'
  const rest = (match?.[2] ?? match?.[3] ?? '').trim()
  const first = rest === '' ? `${name}:` : `${name}: ${unquote(rest)}`
  const block = blockAfter(lines, index, first)
  const detail = blockAfter(lines, index, unquote(rest), Number.POSITIVE_INFINITY).join('\n')
  return {exceptionName: name, message: block.join('\n').trimEnd(), detail}
}

/**
 * The few lines of an error message that matter: conda's canned advice cut off, blank lines dropped, capped.
 * For messages taken from a JSON document (which holds no progress output).
 */
export const summariseMessage = (text: string): string => {
  const lines = text.split('\n')
  return blockAfter(lines, 0, lines[0] ?? '')
    .join('\n')
    .trimEnd()
}

/** The repr form wraps the message in quotes with escaped newlines: show it as text. */
const unquote = (text: string): string => {
  const quoted = /^(["'])(.*)\1$/s.exec(text)
  return quoted?.[2] ? quoted[2].replaceAll('\\n', '\n').replaceAll("\\'", "'").replaceAll('\\"', '"') : text
}
