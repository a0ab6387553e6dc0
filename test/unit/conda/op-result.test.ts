import {describe, expect, it} from 'vitest'

import {toCondaFailure, toOpResult} from '../../../src/conda/parse/op-result.js'
import type {RunResult} from '../../../src/system/runner.js'
import {CONDA_VERSIONS, loadTranscript, type Transcript} from '../../support/transcripts.js'

/** The RunResult the real runner would have returned for a transcript. */
const resultOf = (
  transcript: Pick<Transcript, 'stdout' | 'stderr'> & {exitCode: number | null},
  extra: Partial<RunResult> = {},
): RunResult => ({
  command: 'conda',
  exitCode: transcript.exitCode,
  stdout: transcript.stdout,
  stderr: transcript.stderr,
  timedOut: false,
  cancelled: false,
  durationMs: 1500,
  ...extra,
})

describe('toOpResult', () => {
  it.each(CONDA_VERSIONS)('%s: a create --json with success: true is done', (dir) => {
    const op = toOpResult(resultOf(loadTranscript(dir, 'create-json.json')))
    expect(op).toMatchObject({ok: true, kind: 'done', document: {success: true}})
  })

  it.each(['install.json', 'remove-all-json.json', 'env-create-pip-ok.json', 'create-into-existing-prefix.json'])(
    'judges %s of every version done',
    (file) => {
      for (const dir of CONDA_VERSIONS) expect(toOpResult(resultOf(loadTranscript(dir, file))).ok).toBe(true)
    },
  )

  it.each(CONDA_VERSIONS)('%s: a --dry-run --json result is a dry run, not a create', (dir) => {
    expect(toOpResult(resultOf(loadTranscript(dir, 'create-dry-run.json')))).toMatchObject({ok: true, kind: 'dry-run'})
  })

  it.each(CONDA_VERSIONS)('%s: DryRunExit on stderr with exit 0 is a dry-run result', (dir) => {
    const transcript = loadTranscript(dir, 'create-dry-run.txt')
    expect(transcript.stderr).toContain('DryRunExit: Dry run. Exiting.')
    expect(toOpResult(resultOf(transcript))).toMatchObject({ok: true, kind: 'dry-run'})
  })

  it.each(CONDA_VERSIONS)('%s: a prompt answered by EOF (exit 0, nothing done) is NOT success', (dir) => {
    // Given create without -y onto an existing env: the prompt reads EOF, conda exits 0 (README point 1)
    const transcript = loadTranscript(dir, 'create-into-existing-prefix-noyes.txt')
    expect(transcript.exitCode).toBe(0)

    // Then the result is a failure naming CondaSystemExit
    const op = toOpResult(resultOf(transcript))
    expect(op.ok).toBe(false)
    expect(op.ok ? undefined : op.failure).toMatchObject({
      exceptionName: 'CondaSystemExit',
      category: 'unknown',
      exitCode: 0,
    })
  })

  it('does not take exit 0 without a success document as proof', () => {
    const op = toOpResult(resultOf(loadTranscript('conda-23.7.4', 'create-py311.txt')))
    expect(op.ok ? undefined : op.failure.exceptionName).toBe('NoSuccessDocument')
  })

  it('accepts the CondaExitZero that --download-only --json writes to stderr', () => {
    // conda prints a zero-exit exception's document to stderr (print_conda_exception: rc 0 → stderr logger)
    const document = {
      exception_name: 'CondaExitZero',
      message: 'Package caches prepared. UnlinkLinkTransaction cancelled with --download-only option.',
      error: 'CondaExitZero: Package caches prepared. UnlinkLinkTransaction cancelled with --download-only option.',
    }
    const op = toOpResult(resultOf({exitCode: 0, stdout: '', stderr: JSON.stringify(document, null, 2)}))
    expect(op).toMatchObject({ok: true, kind: 'download-only'})
  })

  it('is a failure when the exit code is not 0, even with success: true in stdout', () => {
    const op = toOpResult(resultOf({exitCode: 1, stdout: '{"success": true}', stderr: ''}))
    expect(op.ok).toBe(false)
  })
})

describe('toCondaFailure', () => {
  it('makes a timed-out run a timeout, whatever conda printed before', () => {
    const failure = toCondaFailure(
      resultOf({exitCode: null, stdout: 'Solving environment: ...', stderr: ''}, {timedOut: true}),
    )
    expect(failure).toMatchObject({exceptionName: 'Timeout', category: 'timeout', timedOut: true})
    expect(failure.message).toMatch(/timeout/)
  })

  it('makes a cancelled run interrupted', () => {
    const failure = toCondaFailure(
      resultOf({exitCode: null, stdout: '', stderr: ''}, {cancelled: true, signal: 'SIGTERM'}),
    )
    expect(failure).toMatchObject({exceptionName: 'Interrupted', category: 'interrupted', cancelled: true})
  })

  it('names a signal death and an unrecognised exit code', () => {
    expect(toCondaFailure(resultOf({exitCode: null, stdout: '', stderr: ''}, {signal: 'SIGKILL'})).message).toBe(
      'conda was killed by SIGKILL',
    )
    const odd = toCondaFailure(resultOf({exitCode: 2, stdout: '', stderr: 'usage: conda [-h]\nconda: error: bad\n'}))
    expect(odd).toMatchObject({exceptionName: 'UnknownError', category: 'unknown'})
    expect(odd.message).toBe('conda exited 2:\nusage: conda [-h]\nconda: error: bad')
  })

  it('keeps output tails for the log', () => {
    const failure = toCondaFailure(resultOf(loadTranscript('conda-23.7.4', 'create-missing-package.txt')))
    expect(failure.raw.stderrTail).toContain('PackagesNotFoundError')
    expect(failure.raw.stdoutTail).toContain('Solving environment')
  })
})
