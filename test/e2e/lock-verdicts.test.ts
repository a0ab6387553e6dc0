/**
 * Issue 8.1 and 8.8a through the CLI. A dangling symlink where the lock should be used to make every mutating command
 * spin at full CPU forever, deaf to SIGTERM and Ctrl-C; now it is refused at once with one line (exit 3). `status`
 * called a dead or reused pid's lock "held"; it now judges the lock as the lock itself does (holderVerdict).
 */
import {mkdirSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {hostname} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'

import {processFacts} from '../../src/system/fs-facts.js'
import type {StatusResult} from '../../src/workflows/status.js'
import {deadPid} from '../integration/system/fixtures/os-fixtures.js'
import {hashTree, makeBase, SAMPLE, type SampleBase, tmpDir} from '../support/make-base.js'
import {runCli, type CliResult} from '../support/run-cli.js'

let sample: SampleBase
let lockPath: string
beforeAll(async () => {
  sample = await makeBase(tmpDir(), SAMPLE, {cleanup: 'manual'})
  lockPath = join(sample.base, '.condamig', 'lock')
})
afterAll(() => sample?.cleanup())
beforeEach(() => {
  rmSync(join(sample.base, '.condamig'), {recursive: true, force: true})
  mkdirSync(join(sample.base, '.condamig'))
})

/** Runs the CLI; a run still going after `ms` is hung: SIGKILLed (it may be deaf to SIGTERM) and reported so. */
const runWithin = async (argv: string[], ms: number): Promise<CliResult & {ms: number}> => {
  let pid = 0
  const t0 = Date.now()
  const running = runCli(argv, {env: sample.env, onSpawn: (p) => (pid = p)})
  const timer = setTimeout(() => process.kill(pid, 'SIGKILL'), ms)
  const result = await running
  clearTimeout(timer)
  if (result.signal === 'SIGKILL') throw new Error(`condamig ${argv[0]} hung: still running after ${ms} ms`)
  return {...result, ms: Date.now() - t0}
}

const lockJson = (pid: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    pid,
    host: hostname(),
    user: 'alice',
    command: 'condamig replicate',
    since: '2026-11-26T10:00:00Z',
    ...extra,
  })

describe('issue 8.1: a dangling symlink or a directory at BASE/.condamig/lock', () => {
  for (const [what, plant, expected] of [
    [
      'a dangling symlink',
      () => symlinkSync('/nonexistent/lock', lockPath),
      'a dangling symbolic link (to /nonexistent/lock)',
    ],
    ['a directory', () => mkdirSync(lockPath), 'a directory'],
  ] as const) {
    it(`${what}: inventory --write is refused at once, exit 3, one line naming it and what to do`, async () => {
      plant()
      const before = hashTree(sample.base)

      const run = await runWithin(['inventory', '--base', sample.base, '--write'], 20_000)

      expect(run.exitCode).toBe(3)
      expect(run.stderr.trimEnd().split('\n')).toEqual([
        `condamig: ${lockPath} is ${expected}, not a condamig lock file: no mutating command can run until it is removed (rm${what === 'a directory' ? ' -r' : ''} ${lockPath})`,
      ])
      expect(hashTree(sample.base)).toBe(before)
    })
  }
})

describe('issue 8.8a: status judges the lock as the lock does', () => {
  const status = async () => {
    const run = await runWithin(['status', '--base', sample.base, '--json'], 30_000)
    expect(run.exitCode).toBe(0)
    return JSON.parse(run.stdout) as StatusResult
  }

  it('a dead pid’s lock is stale, not held: a warning says the next mutating command takes it over', async () => {
    const pid = await deadPid()
    writeFileSync(lockPath, lockJson(pid))

    const result = await status()
    const human = await runWithin(['status', '--base', sample.base], 30_000)

    expect(result.lock).toBeNull()
    expect(JSON.parse(result.staleLock ?? '{}')).toMatchObject({pid, user: 'alice'})
    expect(result.warnings).toContain(
      `stale lock ${lockPath}: alice@${hostname()} (pid ${pid}, 'condamig replicate', since 2026-11-26T10:00:00Z) is gone; the next mutating command takes it over`,
    )
    expect(human.stdout).not.toContain('lock held by')
  })

  it('a reused pid’s lock (a live process that started at another time) is stale too', async () => {
    const self = processFacts(process.pid) as {startTime: number}
    writeFileSync(lockPath, lockJson(process.pid, {startTime: self.startTime + 1}))

    const result = await status()

    expect(result.lock).toBeNull()
    expect(result.staleLock).toBeDefined()
  })

  it('a live holder’s lock is held', async () => {
    const self = processFacts(process.pid) as {startTime: number}
    writeFileSync(lockPath, lockJson(process.pid, {startTime: self.startTime}))

    const result = await status()
    const human = await runWithin(['status', '--base', sample.base], 30_000)

    expect(JSON.parse(result.lock ?? '{}')).toMatchObject({pid: process.pid})
    expect(result.staleLock).toBeUndefined()
    expect(human.stdout).toContain(`lock held by alice@${hostname()} (pid ${process.pid}, 'condamig replicate'`)
  })

  it('a directory at the lock’s path: status still answers, with a warning naming it', async () => {
    mkdirSync(lockPath)

    const result = await status()

    expect(result.lock).toBeNull()
    expect(result.warnings).toContain(
      `${lockPath} is a directory, not a condamig lock file: no mutating command can run until it is removed (rm -r ${lockPath})`,
    )
  })
})
