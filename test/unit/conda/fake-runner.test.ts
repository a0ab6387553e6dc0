import {describe, expect, it} from 'vitest'

import {FakeRunner} from '../../support/fake-runner.js'
import {loadTranscript, rewritePaths} from '../../support/transcripts.js'

describe('FakeRunner', () => {
  it('answers a matching rule and records the call', async () => {
    const runner = new FakeRunner().on('conda --version', {stdout: 'conda 23.7.4\n'})
    const result = await runner.run({file: '/base/v1/bin/conda', args: ['--version']})
    expect(result).toMatchObject({exitCode: 0, stdout: 'conda 23.7.4\n', stderr: '', timedOut: false, cancelled: false})
    expect(runner.lines).toEqual(['conda --version'])
  })

  it('throws on a call no rule answers, listing the calls seen', async () => {
    const runner = new FakeRunner().on('conda --version', {stdout: 'conda 23.7.4'})
    await runner.run({file: '/r/bin/conda', args: ['--version']})
    await expect(runner.run({file: '/r/bin/conda', args: ['info', '--json']})).rejects.toThrow(
      'FakeRunner: no rule for "conda info --json"\ncalls so far:\n  conda --version\n  conda info --json',
    )
  })

  it('uses up rules with times, so a sequence can be scripted', async () => {
    const runner = new FakeRunner().on(/^conda create/, {exitCode: 1}, {times: 1}).on(/^conda create/, {exitCode: 0})
    const request = {file: '/r/bin/conda', args: ['create', '-y']}
    expect((await runner.run(request)).exitCode).toBe(1)
    expect((await runner.run(request)).exitCode).toBe(0)
  })

  it('replays a transcript with its paths rewritten, and only for its argv', async () => {
    const transcript = loadTranscript('conda-23.7.4', 'version.txt')
    const runner = FakeRunner.fromTranscript(transcript, {rewrite: '/tmp/base'})
    const result = await runner.run({file: '/tmp/base/roots/v1/bin/conda', args: ['--version']})
    expect(result.stdout).toBe('conda 23.7.4\n')
    await expect(runner.run({file: '/opt/conda-example/roots/v1/bin/conda', args: ['--version']})).rejects.toThrow(
      /no rule/,
    )
  })

  it('passes output to onOutput like the real runner', async () => {
    const chunks: string[] = []
    const runner = new FakeRunner().on(() => true, loadTranscript('conda-23.7.4', 'env-create-pip-failure.txt'))
    await runner.run({file: 'conda', args: [], onOutput: (chunk, stream) => chunks.push(stream)})
    expect(chunks).toEqual(['stdout', 'stderr'])
  })

  it('ends a slow call when its signal aborts, as a cancelled result', async () => {
    const runner = new FakeRunner().on('conda create', {stdout: 'never'}, {delayMs: 60_000})
    const controller = new AbortController()
    const pending = runner.run({file: 'conda', args: ['create'], signal: controller.signal})
    controller.abort()
    expect(await pending).toMatchObject({
      exitCode: null,
      signal: 'SIGTERM',
      cancelled: true,
      timedOut: false,
      stdout: '',
    })
  })

  it('ends a slow call at its timeout, as a timed-out result', async () => {
    const runner = new FakeRunner().on('conda create', {stdout: 'never'}, {delayMs: 60_000})
    const result = await runner.run({file: 'conda', args: ['create'], timeoutMs: 5})
    expect(result).toMatchObject({exitCode: null, timedOut: true, cancelled: false})
  })

  it('lets a responder throw, like a binary that cannot be spawned', async () => {
    const runner = new FakeRunner().on('conda info --json', () => {
      throw new Error('spawn ENOENT')
    })
    await expect(runner.run({file: 'conda', args: ['info', '--json']})).rejects.toThrow('spawn ENOENT')
  })
})

describe('rewritePaths', () => {
  it('rewrites absolute paths and the slash-less form of file channels', () => {
    const transcript = rewritePaths(loadTranscript('conda-23.7.4', 'list-withpip.json'), '/tmp/t1')
    expect(transcript.argv[0]).toBe('/tmp/t1/roots/v1/bin/conda')
    expect(transcript.stdout).toContain('"channel": "tmp/t1/channel"')
    expect(transcript.stdout).toContain('"base_url": "file:///tmp/t1/channel"')
    expect(transcript.stdout).not.toContain('conda-example')
  })
})
