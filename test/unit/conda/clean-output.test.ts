import {describe, expect, it} from 'vitest'

import {cleanOutput, tail} from '../../../src/conda/parse/clean-output.js'
import {CONDA_VERSIONS, loadTranscript} from '../../support/transcripts.js'

describe('cleanOutput', () => {
  it.each(CONDA_VERSIONS)('%s: leaves no escape, carriage return, backspace or tqdm bar in create output', (dir) => {
    // Given the raw stdout of a create that downloaded packages (bars with ESC[A, spinners with \b)
    const raw = loadTranscript(dir, 'create-py311.txt').stdout

    // When it is cleaned
    const clean = cleanOutput(raw)

    // Then only readable lines remain, the plan and the transaction steps among them
    expect(['\u001B', '\r', '\b'].filter((char) => clean.includes(char))).toEqual([])
    expect(clean).not.toMatch(/\|\s*\d+%/)
    expect(clean).toContain('environment location: /opt/conda-example/roots/')
    expect(clean).toMatch(/^Executing transaction: .*done$/m)
  })

  it('replays spinners and backspaces the way a terminal shows them', () => {
    // 25.11.1: "Collecting package metadata (current_repodata.json): - \b\b\\ \b\b| \b\b/ \b\bdone"
    const raw = loadTranscript('conda-25.11.1', 'create-py311.txt').stdout
    expect(cleanOutput(raw).split('\n')[0]).toBe('Collecting package metadata (current_repodata.json): done')
  })

  it('drops the classic solver tqdm bars that precede an UnsatisfiableError on stderr', () => {
    const clean = cleanOutput(loadTranscript('conda-25.11.1', 'create-unsatisfiable.txt').stderr)
    expect(clean).not.toContain('it/s]')
    expect(clean.split('\n')[0]).toMatch(/^UnsatisfiableError: /)
  })

  it('collapses blank runs and trims line ends', () => {
    expect(cleanOutput('\n\na  \n\n\n\nb\n\n')).toBe('a\n\nb')
  })

  it('keeps the end of a long text for the raw tails', () => {
    expect(tail('abcdef', 3)).toBe('…def')
    expect(tail('abc', 3)).toBe('abc')
  })
})
