import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {classifyCondaFailure} from '../../../src/conda/classify.js'
import {toOpResult} from '../../../src/conda/parse/op-result.js'
import type {Category, Stage} from '../../../src/domain/outcome.js'
import {loadTranscript, TRANSCRIPTS_DIR} from '../../support/transcripts.js'

/** Expected classification per error class of the README's exit-code table. */
const EXPECTED: Record<string, {category: Category; stage: Stage} | 'dry-run'> = {
  DryRunExit: 'dry-run',
  PackagesNotFoundError: {category: 'missing_package', stage: 'solve'},
  PackagesNotFoundInChannelsError: {category: 'missing_package', stage: 'solve'},
  ResolvePackageNotFound: {category: 'missing_package', stage: 'solve'},
  UnsatisfiableError: {category: 'unsatisfiable', stage: 'solve'},
  UnavailableInvalidChannel: {category: 'channel_error', stage: 'solve'},
  CondaEnvException: {category: 'pip_error', stage: 'pip'},
  CondaSystemExit: {category: 'unknown', stage: 'create'},
  CondaValueError: {category: 'unknown', stage: 'create'},
  EnvironmentLocationNotFound: {category: 'unknown', stage: 'create'},
  EnvironmentFileNotFound: {category: 'unknown', stage: 'spec'},
  EnvironmentSpecPluginNotDetected: {category: 'unknown', stage: 'spec'},
  ParserError: {category: 'unknown', stage: 'spec'},
}

/** Rows whose class alone does not decide: `CondaEnvException: Unable to create environment` is not pip. */
const BY_FILE: Record<string, {category: Category; stage: Stage}> = {
  'migration-v1-to-v2/v2-env-create-prefix-only-no-target.txt': {category: 'unknown', stage: 'create'},
}

type Row = {dir: string; file: string; exitCode: number; errorClass: string}

/** Every cell of the README's exit-code tables that names an error class. */
const tableRows = (): Row[] => {
  const readme = readFileSync(join(TRANSCRIPTS_DIR, 'README.md'), 'utf8')
  const rows: Row[] = []
  let dirs: string[] = []
  for (const line of readme.split('\n')) {
    const section = /^\*\*(migration-v1-to-v\d)\/\*\*$/.exec(line)
    if (line.startsWith('| file | 23.7.4 |')) dirs = ['conda-23.7.4', 'conda-25.11.1', 'conda-26.7.1']
    if (section?.[1]) dirs = [section[1]]
    const cells = line.split('|').map((cell) => cell.trim())
    if (!line.startsWith('| ') || cells.length < 3 || !/\.(txt|json|yml)$/.test(cells[1] ?? '')) continue
    dirs.forEach((dir, index) => {
      const cell = cells[index + 2] ?? ''
      const match = /^rc=(\d+) `([^`]+)`/.exec(cell)
      if (match?.[1] && match[2])
        rows.push({dir, file: cells[1] ?? '', exitCode: Number(match[1]), errorClass: match[2]})
    })
  }
  return rows
}

const rows = tableRows()

describe("the README's exit-code table, classified", () => {
  it('has the error rows of all versions and both migrations', () => {
    expect(rows.length).toBeGreaterThan(80)
    expect(new Set(rows.map((row) => row.dir)).size).toBe(5)
  })

  it.each(rows.map((row) => [`${row.dir}/${row.file}`, row.errorClass, row] as const))(
    '%s (%s) is classified to its category',
    (key, errorClass, row) => {
      // Given the recorded run
      const transcript = loadTranscript(row.dir, row.file)
      expect(transcript.exitCode).toBe(row.exitCode)

      // When conda's verdict is read and classified as a create step would
      const op = toOpResult({
        ...transcript,
        command: transcript.command,
        timedOut: false,
        cancelled: false,
        durationMs: 1,
      })
      const expected = BY_FILE[key] ?? EXPECTED[errorClass === '+traceback' ? 'ParserError' : errorClass]
      if (expected === 'dry-run') {
        expect(op).toMatchObject({ok: true, kind: 'dry-run'})
        return
      }

      // Then the exception is recognised and lands in the expected category and stage
      expect(op.ok).toBe(false)
      if (op.ok) return
      expect(op.failure.exceptionName).toBe(errorClass === '+traceback' ? 'ParserError' : errorClass)
      const context = {env: 'x', overrideFile: 'env_specs/overrides/x.yml', channels: [], stage: 'create' as const}
      const failure = classifyCondaFailure(op.failure, context)
      expect({category: failure.category, stage: failure.stage}).toEqual(expected)
      expect(failure.remediation).not.toBe('')
    },
  )
})
