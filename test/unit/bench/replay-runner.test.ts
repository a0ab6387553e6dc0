import {describe, expect, it} from 'vitest'

import {
  coveredMs,
  recordingRunner,
  replayRunner,
  timingRunner,
  type Recording,
} from '../../../bench/support/replay-runner.js'
import type {RunRequest, RunResult, Runner} from '../../../src/system/runner.js'

const result = (stdout: string, exitCode = 0): RunResult => ({
  command: 'x',
  exitCode,
  stdout,
  stderr: 'warn\n',
  timedOut: false,
  cancelled: false,
  durationMs: 250,
})

/** A runner answering with the joined args, exit 1 for `fail`. */
const echo: Runner = {
  run: async (request) => result(request.args.join(' '), request.args[0] === 'fail' ? 1 : 0),
}

describe('recordingRunner + replayRunner', () => {
  it('replays what was recorded, by file, arguments and cwd, with output streamed and no duration', async () => {
    const recording: Recording = new Map()
    const recorder = recordingRunner(echo, recording)
    await recorder.run({file: '/r/bin/conda', args: ['env', 'export', '--name', 'a']})
    await recorder.run({file: '/r/bin/conda', args: ['fail']})
    const replay = replayRunner(recording)
    const chunks: string[] = []
    const request: RunRequest = {
      file: '/r/bin/conda',
      args: ['env', 'export', '--name', 'a'],
      onOutput: (c) => chunks.push(c),
    }

    expect(await replay.run(request)).toMatchObject({exitCode: 0, stdout: 'env export --name a', durationMs: 0})
    expect((await replay.run({file: '/r/bin/conda', args: ['fail']})).exitCode).toBe(1)
    expect(chunks).toEqual(['env export --name a', 'warn\n'])
    expect(replay.calls).toBe(2)
  })

  it('throws on a call that was never recorded instead of guessing', async () => {
    const replay = replayRunner(new Map())
    await expect(replay.run({file: '/r/bin/conda', args: ['--version']})).rejects.toThrow(
      'replay: no recorded answer for /r/bin/conda --version',
    )
  })

  it('tells calls in different working directories apart', async () => {
    const recording: Recording = new Map()
    await recordingRunner(echo, recording).run({file: 'pip', args: ['list'], cwd: '/a'})
    await expect(replayRunner(recording).run({file: 'pip', args: ['list'], cwd: '/b'})).rejects.toThrow(/no recorded/)
  })
})

describe('timingRunner', () => {
  it('times the labelled calls only, with an end after the start', async () => {
    const runner = timingRunner(echo, (request) => (request.args[0] === 'create' ? 'link' : undefined))
    await runner.run({file: 'conda', args: ['create']})
    await runner.run({file: 'conda', args: ['--version']})
    expect(runner.calls.map((call) => call.label)).toEqual(['link'])
    expect(runner.calls[0]!.end).toBeGreaterThanOrEqual(runner.calls[0]!.start)
  })
})

describe('coveredMs', () => {
  it('counts overlapping intervals once and adds the gaps between them', () => {
    const calls = [
      {label: 'l', start: 0, end: 10},
      {label: 'l', start: 5, end: 20},
      {label: 'l', start: 30, end: 35},
      {label: 'l', start: 31, end: 33},
    ]
    expect(coveredMs(calls)).toBe(25)
  })

  it('is zero for no calls', () => {
    expect(coveredMs([])).toBe(0)
  })
})
