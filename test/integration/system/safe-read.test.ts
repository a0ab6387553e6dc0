import {execFileSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {BadInputError, RefusedError} from '../../../src/errors.js'
import {confineTo} from '../../../src/system/base-confinement.js'
import {checkBaseFile, readBaseFile, readBaseFileStats} from '../../../src/system/safe-read.js'

/**
 * Issue 8 point 1 and 4: condamig reads a file from BASE only when it is a regular file of sane size inside BASE (or
 * a configured place), never blocking on a FIFO or a device, never through a link leading elsewhere.
 */
let dir: string
let base: string
let outside: string
beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'condamig-safe-read-')))
  base = join(dir, 'base')
  outside = join(dir, 'outside')
  mkdirSync(join(base, 'env_specs'), {recursive: true})
  mkdirSync(outside)
  writeFileSync(join(outside, 'shadow'), 'root:$6$secret:19000:0:99999:7:::\n')
})
afterEach(() => rmSync(dir, {recursive: true, force: true}))

const spec = () => join(base, 'env_specs', 'py38.yml')
const within = () => confineTo(base)
const read = (file: string, maxBytes?: number) =>
  readBaseFile(file, {what: 'spec', within: within(), ...(maxBytes === undefined ? {} : {maxBytes})})

/** Runs `act` and returns the error it threw and how long it took. */
const timed = (act: () => unknown): {error: unknown; ms: number} => {
  const started = performance.now()
  try {
    act()
    return {error: undefined, ms: performance.now() - started}
  } catch (error) {
    return {error, ms: performance.now() - started}
  }
}

describe('readBaseFile', () => {
  it('reads a regular file, follows a link that stays in BASE, and says undefined when nothing is there', () => {
    writeFileSync(spec(), 'name: py38\n')
    symlinkSync('py38.yml', join(base, 'env_specs', 'alias.yml'))
    expect(read(spec())).toBe('name: py38\n')
    expect(read(join(base, 'env_specs', 'alias.yml'))).toBe('name: py38\n')
    expect(read(join(base, 'env_specs', 'none.yml'))).toBeUndefined()
    expect(readBaseFileStats(spec(), {what: 'spec', within: within()})?.stats.isFile()).toBe(true)
  })

  it('refuses a FIFO at once (exit 2), naming it, without blocking', () => {
    execFileSync('mkfifo', [spec()])
    const {error, ms} = timed(() => read(spec()))
    expect(error).toBeInstanceOf(BadInputError)
    expect((error as Error).message).toBe(
      `${spec()} is a FIFO, not a regular file: condamig reads the spec only from a regular file`,
    )
    expect(ms).toBeLessThan(1000)
  })

  it.skipIf(process.getuid?.() !== 0)(
    'refuses a character device in BASE (exit 2): /dev/zero never fills memory',
    () => {
      execFileSync('mknod', [spec(), 'c', '1', '5']) // what /dev/zero is
      const {error, ms} = timed(() => read(spec()))
      expect(error).toBeInstanceOf(BadInputError)
      expect((error as Error).message).toMatch(/ is a character device, not a regular file: /)
      expect(ms).toBeLessThan(1000)
    },
  )

  it('refuses a directory and a file above the size bound (exit 2)', () => {
    mkdirSync(spec())
    expect(() => read(spec())).toThrowError(`${spec()} is a directory, not a regular file`)
    rmSync(spec(), {recursive: true})
    writeFileSync(spec(), 'x'.repeat(2000))
    expect(() => read(spec(), 1000)).toThrowError(BadInputError)
    expect(() => read(spec(), 1000)).toThrowError(`${spec()} holds 2000 bytes, more than a spec may (1000): not read`)
  })

  it('refuses a link to a file outside BASE (exit 3) and never returns a byte of it', () => {
    symlinkSync(join(outside, 'shadow'), spec())
    const {error} = timed(() => read(spec()))
    expect(error).toBeInstanceOf(RefusedError)
    expect((error as Error).message).toBe(
      `${spec()} leads to ${join(outside, 'shadow')}, outside ${base}: condamig does not read the spec there`,
    )
    expect(String(error)).not.toContain('secret')
  })

  it('refuses a link to /dev/zero (exit 3): outside BASE', () => {
    symlinkSync('/dev/zero', spec())
    const {error, ms} = timed(() => read(spec()))
    expect(error).toBeInstanceOf(RefusedError)
    expect(ms).toBeLessThan(1000)
  })

  it('refuses a path that leads out through a symlinked directory (env_specs -> elsewhere)', () => {
    rmSync(join(base, 'env_specs'), {recursive: true})
    writeFileSync(join(outside, 'py38.yml'), 'name: py38\n')
    symlinkSync(outside, join(base, 'env_specs'))
    expect(() => read(spec())).toThrowError(RefusedError)
    expect(() => read(spec())).toThrowError(`${spec()} leads to ${join(outside, 'py38.yml')}, outside ${base}`)
  })

  it('reads in a place a setting names outside BASE, and only there', () => {
    writeFileSync(join(outside, 'py38.yml'), 'name: py38\n')
    const configured = confineTo(base, [outside])
    expect(readBaseFile(join(outside, 'py38.yml'), {what: 'spec', within: configured})).toBe('name: py38\n')
    // a place named inside BASE adds nothing: a link from there out is still refused
    symlinkSync(join(outside, 'shadow'), spec())
    expect(() => readBaseFile(spec(), {what: 'spec', within: confineTo(base, [join(base, 'env_specs')])})).toThrow(
      RefusedError,
    )
  })

  it('refuses a dangling link, and any link at all where no confinement is given (the journal)', () => {
    symlinkSync(join(dir, 'gone'), spec())
    expect(() => read(spec())).toThrowError(`${spec()} is a dangling symlink`)
    rmSync(spec())
    writeFileSync(join(base, 'env_specs', 'real.yml'), 'x\n')
    symlinkSync('real.yml', spec())
    expect(() => readBaseFile(spec(), {what: 'journal'})).toThrowError(RefusedError)
    expect(() => readBaseFile(spec(), {what: 'journal'})).toThrowError(
      `${spec()} is a symlink (-> real.yml): condamig does not read the journal through a link`,
    )
  })
})

describe('checkBaseFile', () => {
  it('says whether a file is there, and refuses the same things without opening them', () => {
    expect(checkBaseFile(spec(), {what: 'spec', within: within()})).toBe(false)
    writeFileSync(spec(), 'x\n')
    expect(checkBaseFile(spec(), {what: 'spec', within: within()})).toBe(true)
    rmSync(spec())
    execFileSync('mkfifo', [spec()])
    expect(() => checkBaseFile(spec(), {what: 'spec', within: within()})).toThrowError(BadInputError)
    rmSync(spec())
    symlinkSync(join(outside, 'shadow'), spec())
    expect(() => checkBaseFile(spec(), {what: 'spec', within: within()})).toThrowError(RefusedError)
  })
})
