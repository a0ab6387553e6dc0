import {readdirSync, readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

/** The 60 real `conda env export` files of fixtures/exports, read-only, for the spec tests. */
const DIR = fileURLToPath(new URL('../../../../fixtures/exports/', import.meta.url))
const TRANSCRIPTS = fileURLToPath(new URL('../../../../fixtures/transcripts/', import.meta.url))

export const exportFiles = (): string[] =>
  readdirSync(DIR)
    .filter((file) => /^\d{3}\.yml$/.test(file))
    .sort()

export const readExport = (file: string): string => readFileSync(`${DIR}${file}`, 'utf8')

/** SOURCES.tsv `features`: file → feature list (`conda-deps=28`, `pip-section(277)`, `crlf`, …). */
export const exportFeatures = (): Map<string, string[]> => {
  const rows = readFileSync(`${DIR}SOURCES.tsv`, 'utf8').trim().split('\n').slice(1)
  return new Map(rows.map((row) => row.split('\t')).map((cells) => [cells[0] ?? '', (cells[4] ?? '').split(', ')]))
}

/** stdout of one imported transcript (fixtures/transcripts/<dir>/<file>.json). */
export const transcriptStdout = (dir: string, file: string): string =>
  (JSON.parse(readFileSync(`${TRANSCRIPTS}${dir}/${file}.json`, 'utf8')) as {stdout: string}).stdout

/** A hand-written input of the transcripts (fixtures/transcripts/inputs/<file>). */
export const transcriptInput = (file: string): string => readFileSync(`${TRANSCRIPTS}inputs/${file}`, 'utf8')

/**
 * An independent count of the items of the `dependencies:` block: every `- ` line under it except the `- pip:`
 * line itself (pip items are `- ` lines too). Comment lines are not items.
 */
export const countDependencyItems = (text: string): number => {
  let inDependencies = false
  let count = 0
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (/^[^\s#-]/.test(line)) inDependencies = /^dependencies\s*:/.test(line)
    else if (inDependencies && /^\s*-\s+pip\s*:\s*(#.*)?$/.test(line)) continue
    else if (inDependencies && /^\s*-(\s|$)/.test(line)) count++
  }

  return count
}
