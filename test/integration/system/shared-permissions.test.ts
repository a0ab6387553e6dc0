import {chmodSync, mkdtempSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {applySharedMode, mkdirShared, sharedModes} from '../../../src/system/shared-permissions.js'
import {runFixture} from './fixtures/spawn-ts.js'

const mode = (path: string) => statSync(path).mode & 0o7777

let base: string
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'condamig-perms-'))
  chmodSync(base, 0o755)
})
afterEach(() => rmSync(base, {recursive: true, force: true}))

describe('sharedModes and applySharedMode', () => {
  it('asks for group-writable modes and setgid only in a setgid base', () => {
    expect(sharedModes(base)).toEqual({file: 0o644, dir: 0o755, setgid: false})
    chmodSync(base, 0o2775)
    expect(sharedModes(base)).toEqual({file: 0o664, dir: 0o2775, setgid: true})
  })

  it('only adds bits, and keeps executables executable for everyone who reads them', () => {
    const modes = sharedModes(base)
    writeFileSync(join(base, 'spec.yml'), '')
    chmodSync(join(base, 'spec.yml'), 0o600)
    writeFileSync(join(base, 'run.sh'), '')
    chmodSync(join(base, 'run.sh'), 0o700)
    writeFileSync(join(base, 'wide'), '')
    chmodSync(join(base, 'wide'), 0o666)
    expect(applySharedMode(join(base, 'spec.yml'), modes)).toBe(true)
    expect(applySharedMode(join(base, 'run.sh'), modes)).toBe(true)
    expect(applySharedMode(join(base, 'wide'), modes)).toBe(false)
    expect([mode(join(base, 'spec.yml')), mode(join(base, 'run.sh')), mode(join(base, 'wide'))]).toEqual([
      0o644, 0o755, 0o666,
    ])
  })
})

describe('mkdirShared', () => {
  it('gives every directory it creates the shared mode and leaves existing ones alone', () => {
    const old = process.umask(0o077)
    try {
      mkdirShared(join(base, 'logs', 'run1', 'hlink'), base)
    } finally {
      process.umask(old)
    }
    expect([join(base, 'logs'), join(base, 'logs', 'run1'), join(base, 'logs', 'run1', 'hlink')].map(mode)).toEqual([
      0o755, 0o755, 0o755,
    ])
    chmodSync(join(base, 'logs'), 0o700)
    mkdirShared(join(base, 'logs', 'run2'), base)
    expect(mode(join(base, 'logs'))).toBe(0o700)
  })
})

describe('guarantee: what condamig writes in a shared base is readable by the group under any umask', () => {
  const files = ['reports/replicate-latest.csv', 'env_specs/hlink.yml', '.condamig/history.jsonl', '.condamig/lock']
  const dirs = ['reports', 'env_specs', 'logs', 'logs/2026-11-26', '.condamig']

  it('is group- and world-readable with umask 077 in a plain base', async () => {
    // Given an admin whose umask is 077, writing through condamig's helpers in a separate process
    const {code, stderr} = await runFixture('umask-writer.ts', [base])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    // Then files are 0644 and directories 0755, while the control file written without `shared` is 0600
    expect(Object.fromEntries(files.map((f) => [f, mode(join(base, f)).toString(8)]))).toEqual(
      Object.fromEntries(files.map((f) => [f, '644'])),
    )
    expect(Object.fromEntries(dirs.map((d) => [d, mode(join(base, d)).toString(8)]))).toEqual(
      Object.fromEntries(dirs.map((d) => [d, '755'])),
    )
    expect(mode(join(base, 'private.txt'))).toBe(0o600)
  })

  it('is group-writable, with setgid kept on directories, in a setgid base', async () => {
    chmodSync(base, 0o2775)
    const {code} = await runFixture('umask-writer.ts', [base])
    expect(code).toBe(0)
    expect(Object.fromEntries(files.map((f) => [f, mode(join(base, f)).toString(8)]))).toEqual(
      Object.fromEntries(files.map((f) => [f, '664'])),
    )
    expect(Object.fromEntries(dirs.map((d) => [d, mode(join(base, d)).toString(8)]))).toEqual(
      Object.fromEntries(dirs.map((d) => [d, '2775'])),
    )
  })
})
