/**
 * Issue 8.1: whatever stands where BASE/.condamig/lock should be, a mutating command answers at once. A dangling
 * symlink there used to make every mutating command spin at full CPU forever (link EEXIST → read ENOENT → retry,
 * synchronously), deaf to SIGTERM; a directory or a symlink loop gave "internal error: EISDIR/ELOOP"; a named pipe
 * blocked the read for ever. Now: one RefusedError (exit 3) naming it and what to do, in well under a second.
 */
import {type ChildProcess, execFileSync} from 'node:child_process'
import {lstatSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {createServer, type Server} from 'node:net'
import {hostname, tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {deadPid} from './fixtures/os-fixtures.js'
import {exited, spawnFixture, waitForLine} from './fixtures/spawn-ts.js'

let dir: string
let stateDir: string
let lockPath: string
const children: ChildProcess[] = []
const servers: Server[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'condamig-lock-attack-'))
  stateDir = join(dir, '.condamig')
  lockPath = join(stateDir, 'lock')
  mkdirSync(stateDir)
})
afterEach(async () => {
  for (const server of servers.splice(0)) server.close()
  for (const child of children.splice(0)) {
    child.kill('SIGKILL')
    await exited(child)
  }
  rmSync(dir, {recursive: true, force: true})
})

type Answer = {refused?: boolean; won?: boolean; code?: string; message?: string}

/**
 * One contender process (test/integration/system/fixtures/lock-contender.ts) takes the lock once told to go; returns
 * its answer and how long it took. A contender that does not answer in 5 s is hung: it is SIGKILLed (it may be deaf
 * to anything else) and the test fails saying so.
 */
const contend = async (): Promise<{answer: Answer; ms: number}> => {
  const child = spawnFixture('lock-contender.ts', [lockPath, '--wait-go'])
  children.push(child)
  await waitForLine(child, (line) => line === 'READY')
  const answered = waitForLine(child, (line) => line.startsWith('{')).then((line) => JSON.parse(line) as Answer)
  const started = performance.now()
  child.stdin?.write('go\n')
  let timer: NodeJS.Timeout | undefined
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error('the contender hung: no answer within 5 s'))
    }, 5000)
  })
  try {
    const answer = await Promise.race([answered, hung])
    return {answer, ms: performance.now() - started}
  } finally {
    clearTimeout(timer)
    child.stdin?.end()
  }
}

/** What stands at a path, to prove the refusal left it as it was. */
const shape = (path: string) => {
  const stats = lstatSync(path)
  return {
    kind: stats.isSymbolicLink() ? 'link' : stats.isDirectory() ? 'dir' : stats.isFIFO() ? 'fifo' : 'other',
    ino: stats.ino,
    target: stats.isSymbolicLink() ? readlinkSync(path) : undefined,
  }
}

const attacks: {name: string; plant: () => void | Promise<void>; what: RegExp; at?: () => string}[] = [
  {name: 'a dangling symlink', plant: () => symlinkSync('nowhere', lockPath), what: /a dangling symbolic link/},
  {name: 'a symlink loop', plant: () => symlinkSync('lock', lockPath), what: /a symbolic link loop/},
  {
    name: 'a symlink to a stale lock elsewhere',
    plant: async () => {
      const elsewhere = join(dir, 'elsewhere.json')
      const pid = await deadPid()
      writeFileSync(
        elsewhere,
        JSON.stringify({pid, host: hostname(), user: 'x', command: 'c', since: '2026-01-01T00:00:00Z'}),
      )
      symlinkSync(elsewhere, lockPath)
    },
    what: /a symbolic link \(to /,
  },
  {
    name: 'a directory',
    plant: () => {
      mkdirSync(lockPath)
      writeFileSync(join(lockPath, 'inside'), 'x')
    },
    what: /a directory, .*\(rm -r /,
  },
  {name: 'a named pipe', plant: () => void execFileSync('mkfifo', [lockPath]), what: /a named pipe/},
  {
    name: 'a socket',
    plant: () =>
      new Promise<void>((resolve) => {
        const server = createServer()
        servers.push(server)
        server.listen(lockPath, resolve)
      }),
    what: /a socket/,
  },
]

describe('issue 8.1: anything but a regular file at BASE/.condamig/lock', () => {
  for (const attack of attacks) {
    it(`${attack.name}: refused at once (exit 3, lock.not-a-file) naming it and what to do, left as it was`, async () => {
      // Given something that is not a lock file where the lock should be
      await attack.plant()
      const before = shape(lockPath)

      // When a mutating command tries to take the lock
      const {answer, ms} = await contend()

      // Then it is refused in well under a second, with one line naming the path, what it is and what to do
      expect(answer).toMatchObject({refused: true, code: 'lock.not-a-file'})
      expect(answer.message).toMatch(attack.what)
      expect(answer.message).toContain(`${lockPath} is `)
      expect(answer.message).toMatch(/no mutating command can run until it is removed \(rm (-r )?\S+\)$/)
      expect(answer.message).not.toContain('\n')
      expect(ms).toBeLessThan(1000)
      // and nothing was changed: the thing is still there, no temp file is left
      expect(shape(lockPath)).toEqual(before)
      expect(readdirSync(stateDir).sort()).toEqual(['lock'])
    })
  }

  for (const [name, plant, what] of [
    ['a dangling symlink', () => symlinkSync('gone', stateDir), /a dangling symbolic link/],
    ['a regular file', () => writeFileSync(stateDir, 'x'), /a regular file, not condamig's state directory/],
  ] as const) {
    it(`BASE/.condamig is ${name}: refused at once (exit 3, lock.not-a-dir) naming it`, async () => {
      rmSync(stateDir, {recursive: true})
      plant()

      const {answer, ms} = await contend()

      expect(answer).toMatchObject({refused: true, code: 'lock.not-a-dir'})
      expect(answer.message).toMatch(what)
      expect(answer.message).toContain(`${stateDir} is `)
      expect(ms).toBeLessThan(1000)
    })
  }
})
