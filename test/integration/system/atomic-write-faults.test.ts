/**
 * Issue 8.2: a write either lands whole or leaves the old file untouched. writeFileAtomic used to ignore what
 * write(2) returned, so on a nearly full filesystem a short write was fsync'd and renamed into place (condamig.ini
 * left at 4096 of 21,278 bytes, exit 0). Tested on a real, small tmpfs, filled up; a read-only remount; and a real
 * unprivileged user (useradd) writing where only root may.
 */
import {spawn} from 'node:child_process'
import {chmodSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {hostname} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {CannotWriteError} from '../../../src/errors.js'
import {writeFileAtomic} from '../../../src/system/atomic-write.js'
import {acquireLock} from '../../../src/system/lock.js'
import {tmpDir} from '../../support/make-base.js'
import {ensureUser, fillUp, freeBytes, isRoot, mountTmpfs, remount, unmount} from './fixtures/os-fixtures.js'

const here = dirname(fileURLToPath(import.meta.url))

let mnt: string
let skip: string | undefined
beforeEach(() => {
  mnt = join(tmpDir('condamig-fault-'), 'fs')
  skip = mountTmpfs(mnt, '64k')?.skip
})
afterEach(() => {
  if (!skip) unmount(mnt)
  rmSync(dirname(mnt), {recursive: true, force: true})
})

/** Every file name on the filesystem, so a test can prove that no temp file stayed behind. */
const namesOn = (dir: string): string[] =>
  readdirSync(dir, {recursive: true, encoding: 'utf8'}).filter((name) => !name.includes('.filler-'))

const OLD = `[environments]\n${Array.from({length: 40}, (_, i) => `env${i} = REPLICATE`).join('\n')}\n`
const NEW = `${OLD}# ${'x'.repeat(21_000)}\n` // 21 KB, as the ini of the issue

describe('issue 8.2: writeFileAtomic on a full filesystem', () => {
  it('with one page free: a short write is not passed off as whole — ENOSPC, old file byte-identical, no temp', (t) => {
    if (skip) return t.skip(skip)
    // Given the old file and a filesystem with a few KB (one page) left
    const file = join(mnt, 'condamig.ini')
    writeFileSync(file, OLD)
    fillUp(mnt, 4096)
    expect(freeBytes(mnt)).toBe(4096)

    // When 21 KB are written over it
    let thrown: unknown
    try {
      writeFileAtomic(file, NEW)
    } catch (error) {
      thrown = error
    }

    // Then a typed refusal (exit 3) naming the file, what happened and what to do, in one line
    expect(thrown).toBeInstanceOf(CannotWriteError)
    expect(thrown).toMatchObject({
      exitCode: 3,
      code: 'write.no-space',
      path: file,
      message: `cannot write ${file}: no space left on its filesystem (ENOSPC); the file is unchanged — free some space there and run again`,
    })
    // and the old file is whole, and no temp file is left
    expect(readFileSync(file, 'utf8')).toBe(OLD)
    expect(namesOn(mnt)).toEqual(['condamig.ini'])
  })

  it('with nothing free: the same refusal, the old file untouched', (t) => {
    if (skip) return t.skip(skip)
    const file = join(mnt, 'report.csv')
    writeFileSync(file, 'environment,status\r\na,ok\r\n')
    fillUp(mnt, 0)

    expect(() => writeFileAtomic(file, 'environment,status\r\nb,failed\r\n')).toThrow(
      expect.objectContaining({code: 'write.no-space', exitCode: 3}),
    )
    expect(readFileSync(file, 'utf8')).toBe('environment,status\r\na,ok\r\n')
    expect(namesOn(mnt)).toEqual(['report.csv'])
  })

  it('the lock on a full filesystem: refused naming the lock, no lock and no temp file left', async (t) => {
    if (skip) return t.skip(skip)
    fillUp(mnt, 0)
    const lockPath = join(mnt, '.condamig', 'lock')

    await expect(
      acquireLock(lockPath, {command: 'condamig export', user: 'bob', host: hostname()}),
    ).rejects.toMatchObject({
      exitCode: 3,
      code: 'write.no-space',
      message: expect.stringMatching(new RegExp(`^cannot write ${lockPath}: no space left .*; no lock was taken`)),
    })
    expect(namesOn(mnt)).toEqual(['.condamig'])
  })

  it('on a read-only filesystem: write.read-only naming the file, old file untouched', (t) => {
    if (skip) return t.skip(skip)
    const file = join(mnt, 'condamig.ini')
    writeFileSync(file, OLD)
    remount(mnt, 'ro')
    try {
      expect(() => writeFileAtomic(file, NEW)).toThrow(
        expect.objectContaining({
          code: 'write.read-only',
          exitCode: 3,
          message: `cannot write ${file}: its filesystem is read-only (EROFS); the file is unchanged — remount it read-write and run again`,
        }),
      )
    } finally {
      remount(mnt, 'rw')
    }
    expect(readFileSync(file, 'utf8')).toBe(OLD)
    expect(namesOn(mnt)).toEqual(['condamig.ini'])
  })
})

describe('issue 8.2: a user who may not write there', () => {
  it.skipIf(!isRoot)('gets write.denied naming the file (a real user, useradd), the file untouched', async (t) => {
    const user = ensureUser('condamig-t-writer')
    if ('skip' in user) return t.skip(user.skip)
    // Given a root-owned directory (0755) with the file in it
    const dir = tmpDir('condamig-denied-')
    t.onTestFinished(() => rmSync(dir, {recursive: true, force: true}))
    const file = join(dir, 'condamig.ini')
    writeFileSync(file, OLD)
    chmodSync(dir, 0o755) // mkdtemp made it 0700: others may read, not write

    // When that user writes the file
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(here, 'fixtures', 'atomic-writer.ts'), file, '100'],
      {
        uid: user.uid,
        gid: user.gid,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    await new Promise((resolve) => child.on('close', resolve))

    // Then it is refused in one line naming the file, and the file is as it was
    expect(err).toBe('')
    expect(JSON.parse(out)).toEqual({
      code: 'write.denied',
      exitCode: 3,
      message: `cannot write ${file}: permission denied (EACCES); the file is unchanged — run as a user who may write there and run again`,
    })
    expect(readFileSync(file, 'utf8')).toBe(OLD)
    expect(readdirSync(dir)).toEqual(['condamig.ini'])
  })
})
