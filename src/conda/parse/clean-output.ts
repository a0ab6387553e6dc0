// ANSI CSI/OSC sequences (colours, the `ESC[A` cursor-up of tqdm bars).
// eslint-disable-next-line no-control-regex
const ANSI = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007]*\u0007|[@-Z\\-_])/g
/** A tqdm bar: `name | 1 KB | ### | 100%` or `Examining x:  14%|█▍  | 1/7 [00:00<…, 3118.44it/s]`. */
const TQDM = /\|\s*\d{1,3}%\s*$|\d+%\|[^|]*\|\s*\d+\/\d+\s*\[|it\/s\]/
/** 25.11.1 spinners: `- \ | / ` runs left after the backspaces are applied. */
const SPINNER_RUN = /(?:[-\\|/] ){2,}/g

/** Applies backspaces the way a terminal would: each \b erases the character before it. */
const applyBackspaces = (line: string): string => {
  const out: string[] = []
  for (const char of line) {
    if (char === '\b') out.pop()
    else out.push(char)
  }
  return out.join('')
}

/** What a terminal would finally show on one line: the text after the last carriage return that has any. */
const lastRedraw = (line: string): string => {
  const parts = line.split('\r').filter((part) => part.trim() !== '')
  return parts.at(-1) ?? ''
}

/**
 * Turns raw conda/pip output into plain lines a human would read: strips ANSI escapes, replays `\r`
 * redraws and backspaces, drops tqdm bars and spinner runs (transcripts README point 4), trims line ends
 * and collapses runs of blank lines. Used before extracting message lines, never on JSON documents.
 */
export const cleanOutput = (text: string): string => {
  const lines = text
    .replace(ANSI, '')
    .split('\n')
    .map((line) => lastRedraw(applyBackspaces(line)))
    .filter((line) => !TQDM.test(line))
    .map((line) => line.replace(SPINNER_RUN, '').trimEnd())
  const kept: string[] = []
  for (const line of lines) {
    if (line === '' && (kept.length === 0 || kept.at(-1) === '')) continue
    kept.push(line)
  }
  while (kept.at(-1) === '') kept.pop()
  return kept.join('\n')
}

/** The last `maxChars` characters of a text, for the raw tails kept in failures. */
export const tail = (text: string, maxChars = 4000): string =>
  text.length <= maxChars ? text : `…${text.slice(text.length - maxChars)}`
