import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {exportWarnings, parseExportOutput} from '../../../src/conda/parse/env-export.js'
import {allTranscripts, CONDA_VERSIONS, loadTranscript, TRANSCRIPTS_DIR} from '../../support/transcripts.js'

const exportTranscripts = allTranscripts().filter((t) => t.argv.includes('export') && t.argv.includes('env'))
const EXPORTS_DIR = join(TRANSCRIPTS_DIR, '..', 'exports')

describe('parseExportOutput', () => {
  it('has env export transcripts of every version to check', () => {
    expect(new Set(exportTranscripts.map((t) => t.dir))).toEqual(
      new Set([...CONDA_VERSIONS, 'migration-v1-to-v2', 'migration-v1-to-v3']),
    )
  })

  it.each(exportTranscripts.map((t) => [`${t.dir}/${t.file}`, t] as const))(
    '%s parses as an export or is detected as the missing-env stub',
    (_, transcript) => {
      const output = parseExportOutput(transcript.stdout)
      const stub = transcript.file.startsWith('env-export-missing-env') || transcript.file.startsWith('env-export-base')
      expect(output.kind).toBe(stub ? 'missing-env' : 'export')
    },
  )

  it.each(CONDA_VERSIONS)('%s: the missing env stub (exit 0) still names the env and its prefix', (dir) => {
    const transcript = loadTranscript(dir, 'env-export-missing-env.yml')
    expect(transcript.exitCode).toBe(0)
    expect(parseExportOutput(transcript.stdout)).toEqual({
      kind: 'missing-env',
      name: 'nosuchenv',
      prefix: expect.stringMatching(/\/envs\/nosuchenv$/),
    })
  })

  it('reads name and prefix of a real export (keys alphabetical in 23.7.4 --json)', () => {
    expect(parseExportOutput(loadTranscript('conda-23.7.4', 'env-export-no-builds.json').stdout)).toEqual({
      kind: 'export',
      name: 'py311',
      prefix: '/opt/conda-example/roots/v1/envs/py311',
    })
  })

  it.each(readdirSync(EXPORTS_DIR).filter((file) => file.endsWith('.yml')))(
    'real export fixtures/exports/%s is not mistaken for a stub',
    (file) => {
      expect(parseExportOutput(readFileSync(join(EXPORTS_DIR, file), 'utf8')).kind).toBe('export')
    },
  )

  it('reports output that is not YAML', () => {
    expect(parseExportOutput('dependencies: [python=3.11, numpy\n').kind).toBe('unparsable')
    expect(parseExportOutput('just text').kind).toBe('unparsable')
  })
})

describe('exportWarnings', () => {
  it('keeps 26.7.1 CondaExportWarning of a successful export as a warning line', () => {
    const transcript = loadTranscript('conda-26.7.1', 'env-export-with-pip-git.yml')
    expect(transcript.exitCode).toBe(0)
    expect(exportWarnings(transcript.stderr)).toEqual([
      'CondaExportWarning: The exported environment contains 3rd party Python packages.',
    ])
  })

  it('returns nothing for an empty stderr, and the first lines of an unrecognised one', () => {
    expect(exportWarnings('')).toEqual([])
    expect(exportWarnings('something odd\nsecond\nthird\nfourth')).toEqual(['something odd\nsecond\nthird'])
  })
})
