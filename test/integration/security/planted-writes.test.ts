/**
 * Issue 8 point 3, at the level of the writers: a co-admin (a real second user in the base's group) plants links,
 * FIFOs and hard links where condamig (root) writes, to make it overwrite, append to or chmod a file it should not.
 * Every planted thing is refused with one line naming it, and its target is left exactly as it was.
 */
import {execFileSync} from 'node:child_process'
import {
  chmodSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest'

import {RefusedError} from '../../../src/errors.js'
import {archiveCopy} from '../../../src/system/archive-copy.js'
import {confineTo} from '../../../src/system/base-confinement.js'
import {writeFresh} from '../../../src/system/create-fresh.js'
import {appendJournal} from '../../../src/system/journal.js'
import {openRunDir, openRunLog} from '../../../src/system/run-log.js'
import {readBaseFileStats} from '../../../src/system/safe-read.js'
import {applySharedMode, mkdirShared, sharedModes} from '../../../src/system/shared-permissions.js'
import {type CoAdmin, coAdminSkip, fileHash, makeCoAdmin} from '../../support/co-admin.js'

let dir: string
let base: string
let victim: string
beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'condamig-planted-')))
  chmodSync(dir, 0o755) // the co-admin must reach BASE
  base = join(dir, 'base')
  mkdirSync(base, {mode: 0o2775})
  chmodSync(base, 0o2775)
  mkdirSync(join(dir, 'etc'))
  victim = join(dir, 'etc', 'shadow')
  writeFileSync(victim, 'root:$6$secret:19000:0:99999:7:::\n', {mode: 0o600})
})
afterEach(() => rmSync(dir, {recursive: true, force: true}))

const entry = {
  id: 't1',
  action: 'cutover',
  phase: 'begin',
  time: '2026-11-26T12:00:00.000Z',
  user: 'root',
  host: 'h',
  from: 'v23',
  to: 'v26',
} as const

/** The refusal: its class, one line, naming `path`. */
const expectRefused = (act: () => unknown, path: string) => {
  let error: unknown
  try {
    act()
  } catch (caught) {
    error = caught
  }

  expect(error).toBeInstanceOf(RefusedError)
  expect((error as Error).message).toContain(path)
  expect((error as Error).message).not.toContain('\n')
  return (error as Error).message
}

describe('writers refuse what is planted where they write (as root)', () => {
  it('openRunLog: a symlink where the log goes is refused; the target is unchanged', () => {
    const runDir = join(base, 'logs', 'replicate', '20261126T120000Z')
    mkdirSync(runDir, {recursive: true})
    const log = join(runDir, 'py38.log')
    symlinkSync(victim, log)
    const before = fileHash(victim)
    expect(expectRefused(() => openRunLog(log, base), log)).toMatch(
      /is a symlink \(-> .*shadow\) where condamig writes/,
    )
    expect(fileHash(victim)).toBe(before)
    expect(lstatSync(log).isSymbolicLink()).toBe(true)
  })

  it('openRunLog: a hard link where the log goes is replaced by a new file, never written through', () => {
    mkdirSync(join(base, 'logs'))
    const log = join(base, 'logs', 'install-v26.log')
    linkSync(victim, log)
    const before = fileHash(victim)
    const run = openRunLog(log, base)
    run.write('installer output\n')
    run.close()
    expect(fileHash(victim)).toBe(before)
    expect(readFileSync(log, 'utf8')).toBe('installer output\n')
  })

  it('openRunDir: a FIFO or a link planted in a run folder made in advance is refused before any log is opened', () => {
    const runDir = join(base, 'logs', 'verify-20261126T120000Z')
    mkdirSync(runDir, {recursive: true})
    symlinkSync(victim, join(runDir, 'py38.requirements.txt'))
    expectRefused(() => openRunDir(runDir, base), join(runDir, 'py38.requirements.txt'))
  })

  it('writeFresh: a link where the requirements file goes is refused; the target is unchanged', () => {
    const file = join(base, 'py38.requirements.txt')
    symlinkSync(victim, file)
    const before = fileHash(victim)
    const options = {what: 'requirements file', mode: 0o664, within: confineTo(base), replace: true}
    expectRefused(() => writeFresh(file, 'numpy\n', options), file)
    expect(fileHash(victim)).toBe(before)
  })

  it('appendJournal: a symlink, a FIFO or a hard link as the journal is refused; nothing is appended to its target', () => {
    const state = join(base, '.condamig')
    mkdirSync(state)
    const journal = join(state, 'history.jsonl')
    const before = fileHash(victim)
    symlinkSync(victim, journal)
    expectRefused(() => appendJournal(journal, entry, {shared: base}), journal)
    rmSync(journal)
    linkSync(victim, journal)
    expect(expectRefused(() => appendJournal(journal, entry, {shared: base}), journal)).toMatch(/2 hard links/)
    rmSync(journal)
    execFileSync('mkfifo', [journal])
    const started = performance.now()
    expectRefused(() => appendJournal(journal, entry, {shared: base}), journal)
    expect(performance.now() - started).toBeLessThan(1000)
    expect(fileHash(victim)).toBe(before)
  })

  it('mkdirShared: a directory symlink leading out of BASE is refused; one staying in BASE is fine', () => {
    const away = join(dir, 'away')
    mkdirSync(away)
    symlinkSync(away, join(base, 'logs'))
    expectRefused(() => mkdirShared(join(base, 'logs', 'replicate', 'run1'), base), join(base, 'logs'))
    expect(readdirSync(away)).toEqual([])
    rmSync(join(base, 'logs'))
    mkdirSync(join(base, 'disk2'))
    symlinkSync('disk2', join(base, 'logs'))
    mkdirShared(join(base, 'logs', 'replicate', 'run1'), base)
    expect(readdirSync(join(base, 'disk2', 'replicate'))).toEqual(['run1'])
  })

  it('mkdirShared: a symlinked .condamig leading out is refused before the journal is appended', () => {
    const away = join(dir, 'away')
    mkdirSync(away)
    symlinkSync(away, join(base, '.condamig'))
    expectRefused(() => appendJournal(join(base, '.condamig', 'history.jsonl'), entry, {shared: base}), '.condamig')
    expect(readdirSync(away)).toEqual([])
  })

  it('applySharedMode never changes the mode of what a symlink points at', () => {
    const link = join(base, 'report.csv')
    symlinkSync(victim, link)
    expect(applySharedMode(link, sharedModes(base))).toBe(false)
    expect(lstatSync(victim).mode & 0o777).toBe(0o600)
  })
})

describe.skipIf(coAdminSkip !== undefined)('with a real co-admin in the base group', () => {
  let co: CoAdmin
  beforeAll(() => {
    co = makeCoAdmin()
  })
  afterAll(() => co?.remove())

  it('mkdirShared fresh: a run folder the co-admin made in advance is refused; one root or this user made is not', () => {
    co.share(base)
    mkdirSync(join(base, 'logs', 'replicate'), {recursive: true})
    co.share(base)
    const run = join(base, 'logs', 'replicate', '20261126T120000Z')
    co.run(['mkdir', run])
    co.run(['ln', '-s', victim, join(run, 'py38.log')])
    const before = fileHash(victim)
    expect(expectRefused(() => openRunDir(run, base), run)).toMatch(
      new RegExp(`already exists and is not this run's \\(owned by uid ${co.uid}\\)`),
    )
    expect(fileHash(victim)).toBe(before)
    const own = join(base, 'logs', 'replicate', '20261126T120001Z')
    mkdirSync(own)
    openRunDir(own, base)
  })

  it('mkdirShared: a directory link the co-admin planted out of BASE is refused as root writes a spec there', () => {
    co.share(base)
    const away = join(dir, 'away')
    mkdirSync(away, {mode: 0o777})
    chmodSync(away, 0o777)
    co.run(['ln', '-s', away, join(base, 'env_specs')])
    expectRefused(() => mkdirShared(join(base, 'env_specs', '.history'), base), join(base, 'env_specs'))
    expect(readdirSync(away)).toEqual([])
  })
})

describe('archiveCopy', () => {
  it('keeps the original mode at most: a 0600 spec is archived 0600, not 0664', () => {
    const spec = join(base, 'py38.yml')
    writeFileSync(spec, 'name: py38\n', {mode: 0o600})
    chmodSync(spec, 0o600)
    const original = readBaseFileStats(spec, {what: 'spec', within: confineTo(base)})!
    const archive = join(base, 'py38.old.yml')
    expect(archiveCopy(archive, original)).toBe(true)
    expect(lstatSync(archive).mode & 0o7777).toBe(0o600)
    expect(readFileSync(archive, 'utf8')).toBe('name: py38\n')
    expect(archiveCopy(archive, original)).toBe(false) // never over an existing name
  })
})
