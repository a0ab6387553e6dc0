import {readdirSync, readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

/** One recorded conda (or pip/python) run: fixtures/transcripts/<dir>/<file>.json, the source of truth. */
export type Transcript = {
  dir: string
  file: string
  command: string
  argv: string[]
  stdin: string | null
  exitCode: number
  stdout: string
  stderr: string
}

export const TRANSCRIPTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'transcripts')

/** The conda versions recorded, and the root each one ran in. */
export const CONDA_VERSIONS = ['conda-23.7.4', 'conda-25.11.1', 'conda-26.7.1'] as const
export type CondaVersionDir = (typeof CONDA_VERSIONS)[number]
export const ROOT_OF: Record<CondaVersionDir, string> = {
  'conda-23.7.4': '/opt/conda-example/roots/v1',
  'conda-25.11.1': '/opt/conda-example/roots/v2',
  'conda-26.7.1': '/opt/conda-example/roots/v3',
}

/**
 * Loads a transcript. `file` is the recorded name (`create-json.json`, `version.txt`); the stored file
 * adds `.json`, which may also be given.
 */
export const loadTranscript = (dir: string, file: string): Transcript => {
  const stored = /\.(txt|yml|json)\.json$/.test(file) ? file : `${file}.json`
  return JSON.parse(readFileSync(join(TRANSCRIPTS_DIR, dir, stored), 'utf8')) as Transcript
}

const walk = (dir: string): string[] =>
  readdirSync(dir, {withFileTypes: true}).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : entry.name.endsWith('.json') ? [join(dir, entry.name)] : [],
  )

/** Every transcript under fixtures/transcripts (all versions, migration and concurrency runs). */
export const allTranscripts = (): Transcript[] =>
  walk(TRANSCRIPTS_DIR)
    .sort()
    .map((path) => JSON.parse(readFileSync(path, 'utf8')) as Transcript)

/**
 * Rewrites the harness directory `/opt/conda-example` to `to` everywhere (argv, command, stdout, stderr),
 * including the slash-less form conda prints for a file:// channel (`opt/conda-example/channel`).
 */
export const rewritePaths = (transcript: Transcript, to: string, from = '/opt/conda-example'): Transcript => {
  const bare = from.replace(/^\//, '')
  const pattern = new RegExp(`/?${bare.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'g')
  const swap = (text: string) => text.replace(pattern, (match) => (match.startsWith('/') ? to : to.replace(/^\//, '')))
  return {
    ...transcript,
    command: swap(transcript.command),
    argv: transcript.argv.map(swap),
    stdout: swap(transcript.stdout),
    stderr: swap(transcript.stderr),
  }
}
