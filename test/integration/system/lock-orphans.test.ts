/**
 * Issue 8.5: condamig killed -9 mid-replicate leaves its conda children building into qa. The lock records the
 * process groups of the holder's children (every child runs in its own group); whoever takes over the stale lock
 * first stops them (SIGTERM, SIGKILL after a grace) and waits until none is left — or refuses, naming them, when it
 * cannot. A group number now used by somebody else (pid reuse) is never touched.
 */
import {type ChildProcess, spawn} from 'node:child_process'
import {chmodSync, chownSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {hostname} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {ExecaRunner} from '../../../src/system/execa-runner.js'
import {acquireLock, type LockInfo} from '../../../src/system/lock.js'
import {groupMembers, leaderStartTime} from '../../../src/system/process-groups.js'
import {tmpDir} from '../../support/make-base.js'
import {deadPid, ensureUser, isRoot} from './fixtures/os-fixtures.js'
import {exited, waitForLine} from './fixtures/spawn-ts.js'

const here = dirname(fileURLToPath(import.meta.url))
const HOST = hostname()
const request = {command: 'condamig replicate', user: 'bob', host: HOST, killGraceMs: 400}

let dir: string
let lockPath: string
const started: ChildProcess[] = []
beforeEach(() => {
  dir = tmpDir('condamig-orphans-')
  lockPath = join(dir, '.condamig', 'lock')
  mkdirSync(dirname(lockPath))
})
afterEach(async () => {
  for (const child of started.splice(0)) {
    if (child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
    await exited(child)
  }
  rmSync(dir, {recursive: true, force: true})
})

/** A fake conda left running: a shell leading its own process group (as the runner starts children) + a child. */
const orphanGroup = async (script = 'sleep 300 & exec sleep 301') => {
  const child = spawn('sh', ['-c', script], {detached: true, stdio: 'ignore'})
  started.push(child)
  const pgid = child.pid ?? 0
  // wait until both processes of the group are there
  for (let i = 0; i < 200 && (groupMembers([pgid])?.get(pgid)?.length ?? 0) < 2; i++) await sleep(10)
  return {child, pgid, startTime: leaderStartTime(pgid) ?? -1}
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const alive = (pgid: number) => groupMembers([pgid])?.get(pgid)?.length ?? 0

const writeStaleLock = async (groups: {pgid: number; startTime: number}[]) => {
  const info: LockInfo = {
    pid: await deadPid(),
    host: HOST,
    user: 'alice',
    command: 'condamig replicate',
    since: '2026-11-26T10:00:00Z',
    groups,
  } as LockInfo
  writeFileSync(lockPath, JSON.stringify(info))
  return info
}

describe('issue 8.5: a stale lock whose holder left children running', () => {
  it('stops and reaps every process of the recorded groups before the lock is taken', async () => {
    // Given a dead holder's lock recording two groups of fake conda children, still running
    const first = await orphanGroup()
    const second = await orphanGroup()
    await writeStaleLock([first, second].map(({pgid, startTime}) => ({pgid, startTime})))
    expect(alive(first.pgid)).toBe(2)

    // When the next run takes the lock
    const lock = await acquireLock(lockPath, request)

    // Then none of those processes is left, and the lock says what it did
    expect(alive(first.pgid)).toBe(0)
    expect(alive(second.pgid)).toBe(0)
    expect(lock.tookOver?.groups?.map((g) => g.pgid)).toEqual([first.pgid, second.pgid])
    expect(lock.stopped).toEqual([
      {pgid: first.pgid, command: 'sleep 301'},
      {pgid: second.pgid, command: 'sleep 301'},
    ])
    lock.release()
  })

  it('SIGKILLs a group that ignores SIGTERM once the grace period is over', async () => {
    const stubborn = await orphanGroup(`trap '' TERM; sleep 300 & exec sleep 301`)
    await writeStaleLock([{pgid: stubborn.pgid, startTime: stubborn.startTime}])

    const t0 = Date.now()
    const lock = await acquireLock(lockPath, request)

    expect(alive(stubborn.pgid)).toBe(0)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(request.killGraceMs)
    expect(await exited(stubborn.child)).toMatchObject({signal: 'SIGKILL'})
    lock.release()
  })

  it('never touches a group whose number now belongs to another process (its leader started at another time)', async () => {
    const unrelated = await orphanGroup()
    await writeStaleLock([{pgid: unrelated.pgid, startTime: unrelated.startTime - 1}])

    const lock = await acquireLock(lockPath, request)

    expect(lock.tookOver).toBeDefined()
    expect(lock.stopped).toBeUndefined()
    expect(alive(unrelated.pgid)).toBe(2)
    lock.release()
  })

  it.skipIf(!isRoot)(
    'refuses with exit 3 naming the groups when it cannot stop them (a real other user), leaving the lock as it was',
    async (t) => {
      const user = ensureUser('condamig-t-admin')
      if ('skip' in user) return t.skip(user.skip)
      // Given root's orphan group, and the next run started by another admin, who may not signal it
      const orphan = await orphanGroup()
      const stale = await writeStaleLock([{pgid: orphan.pgid, startTime: orphan.startTime}])
      chownSync(dirname(lockPath), user.uid, user.gid)
      chmodSync(dir, 0o755)
      const raw = readFileSync(lockPath, 'utf8')

      // When that admin's run takes the lock (the lock-contender fixture, run as that user)
      const asUser = spawn(
        process.execPath,
        ['--import', 'tsx', join(here, 'fixtures', 'lock-contender.ts'), lockPath],
        {uid: user.uid, gid: user.gid, stdio: ['pipe', 'pipe', 'pipe']},
      )
      started.push(asUser)
      const answer = JSON.parse(await waitForLine(asUser, (l) => l.startsWith('{'))) as Record<string, unknown>
      asUser.stdin?.end()

      // Then it is refused, naming the group and how to stop it; the orphan and the lock are as they were
      expect(answer).toMatchObject({
        refused: true,
        code: 'lock.orphans',
        message: `${lockPath} was left by pid ${stale.pid} ('condamig replicate'), whose process group(s) ${orphan.pgid} still run and could not be stopped: stop them (kill -KILL -${orphan.pgid}) and run again`,
      })
      expect(alive(orphan.pgid)).toBe(2)
      expect(readFileSync(lockPath, 'utf8')).toBe(raw)
    },
    30_000,
  )
})

describe('issue 8.5: the lock records the groups of the children running under it', () => {
  it('adds each child’s group when it starts (with its leader’s start time) and drops it when it is done', async () => {
    // Given a held lock fed by the runner's group reports, as withLock wires it
    const lock = await acquireLock(lockPath, request)
    const runner = new ExecaRunner()
    const unwatch = runner.watchGroups((pgids) => lock.recordGroups(pgids))
    const onDisk = () => JSON.parse(readFileSync(lockPath, 'utf8')) as LockInfo

    // When a child runs
    const running = runner.run({file: 'sh', args: ['-c', 'sleep 1.5']})
    let during = onDisk()
    for (let i = 0; i < 200 && during.groups === undefined; i++) {
      await sleep(10)
      during = onDisk()
    }
    await running
    const after = onDisk()
    unwatch()

    // Then while it ran the lock named its group (its own pid), and afterwards no longer does
    expect(during.groups).toHaveLength(1)
    const [group] = during.groups ?? []
    expect(group?.startTime).toEqual(expect.any(Number))
    expect(during).toMatchObject({pid: process.pid, token: lock.info.token})
    expect(after.groups).toBeUndefined()
    expect(after.token).toBe(lock.info.token)
    lock.release()
  })
})
