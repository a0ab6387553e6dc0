import {type ChildProcess} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {hostname, tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {RefusedError} from '../../../src/errors.js'
import {fixedClock} from '../../../src/system/clock.js'
import {processFacts} from '../../../src/system/fs-facts.js'
import {acquireLock, type LockInfo} from '../../../src/system/lock.js'
import {exited, spawnFixture, waitForLine} from './fixtures/spawn-ts.js'

const HOST = hostname()
const request = {command: 'condamig cutover', user: 'bob', host: HOST}

let dir: string
let lockPath: string
const children: ChildProcess[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'condamig-lock-'))
  lockPath = join(dir, '.condamig', 'lock')
})
afterEach(async () => {
  for (const child of children.splice(0)) {
    child.kill('SIGKILL')
    await exited(child)
  }
  rmSync(dir, {recursive: true, force: true})
})

const startHolder = async () => {
  const child = spawnFixture('lock-contender.ts', [lockPath])
  children.push(child)
  const line = JSON.parse(await waitForLine(child, (l) => l.startsWith('{'))) as {won?: boolean}
  expect(line.won).toBe(true)
  return child
}

/** A pid that certainly ran and is certainly gone: a child that exited and was reaped. */
const deadPid = async () => {
  const child = spawnFixture('spawn-ts.ts', [])
  child.stdin?.end()
  await exited(child)
  return child.pid ?? 0
}

const writeLock = (info: Partial<LockInfo>) => {
  const full = {
    pid: 1,
    host: HOST,
    user: 'alice',
    command: 'condamig replicate',
    since: '2026-11-26T10:00:00Z',
    ...info,
  }
  mkdirSync(dirname(lockPath), {recursive: true})
  rmSync(lockPath, {force: true})
  writeFileSync(lockPath, JSON.stringify(full))
}

describe('acquireLock', () => {
  it('writes who holds it, and release is idempotent and removes only its own lock', async () => {
    const lock = await acquireLock(lockPath, {...request, clock: fixedClock('2026-11-26T10:00:00.123Z')})
    const onDisk = JSON.parse(readFileSync(lockPath, 'utf8')) as LockInfo
    expect(onDisk).toMatchObject({pid: process.pid, host: HOST, user: 'bob', command: 'condamig cutover'})
    expect(onDisk.since).toBe('2026-11-26T10:00:00Z')
    expect(onDisk.startTime).toBe((processFacts(process.pid) as {startTime: number}).startTime)
    lock.release()
    lock.release()
    expect(existsSync(lockPath)).toBe(false)
    // a lock someone else took after ours was removed by hand is not ours to release
    const again = await acquireLock(lockPath, request)
    writeLock({pid: process.pid, user: 'carol'})
    again.release()
    expect(JSON.parse(readFileSync(lockPath, 'utf8'))).toMatchObject({user: 'carol'})
    expect(readdirSync(join(dir, '.condamig'))).toEqual(['lock']) // no temp files left behind
  })
})

describe('guarantee: two mutating processes never run at once', () => {
  it('refuses the second process with exit 3, naming the holder', async () => {
    // Given another process holds the lock
    const holder = await startHolder()
    // When this process tries to take it
    const attempt = acquireLock(lockPath, request)
    // Then it is refused, and the message names who, where, which pid, what and since when
    await expect(attempt).rejects.toBeInstanceOf(RefusedError)
    await expect(attempt).rejects.toMatchObject({
      exitCode: 3,
      code: 'lock.held',
      message: expect.stringMatching(
        new RegExp(`^${lockPath} is held by alice@${HOST} \\(pid ${holder.pid}, 'condamig replicate', since \\S+Z\\)$`),
      ),
      hint: expect.stringContaining('wait for it to finish'),
    })
  })

  it('takes over the lock of a process that was SIGKILLed', async () => {
    const holder = await startHolder()
    holder.kill('SIGKILL')
    await exited(holder)
    const lock = await acquireLock(lockPath, request)
    expect(lock.tookOver?.pid).toBe(holder.pid)
    expect(JSON.parse(readFileSync(lockPath, 'utf8'))).toMatchObject({pid: process.pid, user: 'bob'})
    lock.release()
  })

  it('lets exactly one of many concurrent processes take over a stale lock', async () => {
    for (let round = 0; round < 2; round++) {
      // Given a lock left by a dead process and 12 contender processes, started, then released at once
      writeLock({pid: await deadPid()})
      const contenders = Array.from({length: 12}, () => spawnFixture('lock-contender.ts', [lockPath, '--wait-go']))
      children.push(...contenders)
      await Promise.all(contenders.map((c) => waitForLine(c, (l) => l === 'READY')))
      const results = contenders.map((c) => waitForLine(c, (l) => l.startsWith('{')))
      for (const c of contenders) c.stdin?.write('go\n')
      const outcomes = (await Promise.all(results)).map((l) => JSON.parse(l) as {won?: boolean; message?: string})
      // Then exactly one won, and every other one was refused naming that winner
      const winners = contenders.filter((_, i) => outcomes[i]?.won)
      expect(winners).toHaveLength(1)
      const refusals = outcomes.filter((o) => !o.won).map((o) => o.message)
      expect(refusals).toEqual(Array.from({length: 11}, () => expect.stringContaining(`(pid ${winners[0]?.pid},`)))
      for (const c of contenders) c.stdin?.end()
      await Promise.all(contenders.map(exited))
      expect(existsSync(lockPath)).toBe(false)
      expect(readdirSync(join(dir, '.condamig'))).toEqual([])
    }
  }, 60_000)
})

describe('stale and foreign locks', () => {
  it('takes over a lock whose pid now belongs to a younger process (pid reuse)', async () => {
    const self = processFacts(process.pid) as {startTime: number}
    writeLock({pid: process.pid, startTime: self.startTime + 1})
    const lock = await acquireLock(lockPath, request)
    expect(lock.tookOver).toMatchObject({pid: process.pid, user: 'alice'})
    lock.release()
    // without startTime, a lock older than the process at its pid was not written by it
    writeLock({pid: process.pid, since: '2000-01-01T00:00:00Z'})
    const second = await acquireLock(lockPath, request)
    expect(second.tookOver?.since).toBe('2000-01-01T00:00:00Z')
    second.release()
  })

  it('treats a live pid with a matching start as the holder', async () => {
    const self = processFacts(process.pid) as {startTime: number}
    writeLock({pid: process.pid, startTime: self.startTime})
    await expect(acquireLock(lockPath, request)).rejects.toMatchObject({code: 'lock.held'})
    writeLock({pid: process.pid, since: new Date().toISOString()})
    await expect(acquireLock(lockPath, request)).rejects.toMatchObject({code: 'lock.held'})
  })

  it('refuses a lock from another host and says how to remove it by hand', async () => {
    writeLock({pid: await deadPid(), host: 'node7'})
    await expect(acquireLock(lockPath, request)).rejects.toMatchObject({
      code: 'lock.held',
      message: expect.stringContaining('held by alice@node7'),
      hint: expect.stringContaining(`still runs on node7; if it does not, remove ${lockPath} by hand`),
    })
    expect(existsSync(lockPath)).toBe(true)
  })

  it('treats an unreadable lock as held, with a hint to remove it by hand', async () => {
    writeLock({})
    writeFileSync(lockPath, 'garbage')
    await expect(acquireLock(lockPath, request)).rejects.toMatchObject({
      exitCode: 3,
      code: 'lock.unreadable',
      hint: `if no condamig is running, remove ${lockPath} by hand`,
    })
    expect(readFileSync(lockPath, 'utf8')).toBe('garbage')
  })
})
