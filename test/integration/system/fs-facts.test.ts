import {chownSync, linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {
  dirSize,
  isCondaEnv,
  isCondaRoot,
  isEmptyDir,
  lastChange,
  ownerName,
  processFacts,
  readUserNames,
} from '../../../src/system/fs-facts.js'
import {condaRootTree, makeTree} from '../../support/fs-tree.js'
import {exited, spawnFixture} from './fixtures/spawn-ts.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'condamig-facts-'))
})
afterEach(() => rmSync(dir, {recursive: true, force: true}))

describe('dirSize', () => {
  it('counts a hard-linked file once and does not follow symlinks', async () => {
    // Given an env whose 1000-byte file is hard-linked from pkgs/, plus a symlink to a big directory
    makeTree(dir, {pkgs: {'numpy.so': 'x'.repeat(1000)}, big: {'blob.bin': 'y'.repeat(50_000)}, env: {lib: {}}})
    linkSync(join(dir, 'pkgs', 'numpy.so'), join(dir, 'env', 'lib', 'numpy.so'))
    linkSync(join(dir, 'pkgs', 'numpy.so'), join(dir, 'env', 'lib', 'again.so'))
    writeFileSync(join(dir, 'env', 'lib', 'own.py'), 'z'.repeat(10))
    symlinkSync('../big', join(dir, 'env', 'big')) // 6 bytes of link, not 50 kB of target
    // Then the env counts the shared file once, its own file, and the link itself
    expect(await dirSize(join(dir, 'env'))).toBe(1000 + 10 + '../big'.length)
  })

  it('is 0 for a missing path and the file size for a file', async () => {
    writeFileSync(join(dir, 'f'), 'abc')
    expect(await dirSize(join(dir, 'nothing'))).toBe(0)
    expect(await dirSize(join(dir, 'f'))).toBe(3)
  })
})

describe('ownerName', () => {
  it('names the owner from a passwd file and falls back to the uid', async () => {
    writeFileSync(join(dir, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\nalice:x:4242:100::/home/alice:/bin/sh\n')
    const users = readUserNames(join(dir, 'passwd'))
    writeFileSync(join(dir, 'env'), '')
    chownSync(join(dir, 'env'), 4242, 100) // the tests run as root in CI containers
    expect(await ownerName(join(dir, 'env'), users)).toBe('alice')
    chownSync(join(dir, 'env'), 4343, 100)
    expect(await ownerName(join(dir, 'env'), users)).toBe('4343')
  })

  it('reads no names from a missing passwd file', () => {
    expect(readUserNames(join(dir, 'nope')).size).toBe(0)
  })
})

describe('lastChange', () => {
  it('is the newest of the env dir, conda-meta/ and conda-meta/history', async () => {
    makeTree(dir, {env: {'conda-meta': {history: ''}}})
    const old = new Date('2020-10-19T00:00:00Z')
    utimesSync(join(dir, 'env'), old, old)
    utimesSync(join(dir, 'env', 'conda-meta'), old, old)
    const installed = new Date('2024-05-01T12:00:00Z')
    utimesSync(join(dir, 'env', 'conda-meta', 'history'), installed, installed)
    expect(await lastChange(join(dir, 'env'))).toEqual(installed)
    expect(await lastChange(join(dir, 'missing'))).toBeUndefined()
  })
})

describe('conda predicates', () => {
  it('tells roots, envs, empty dirs and other things apart', () => {
    makeTree(dir, {root: condaRootTree(['hlink']), plain: {file: 'x'}, empty: {}, metaOnly: {'conda-meta': {}}})
    expect(isCondaRoot(join(dir, 'root'))).toBe(true)
    expect(isCondaRoot(join(dir, 'metaOnly'))).toBe(false)
    expect(isCondaEnv(join(dir, 'root', 'envs', 'hlink'))).toBe(true)
    expect(isCondaEnv(join(dir, 'plain'))).toBe(false)
    expect([isEmptyDir(join(dir, 'empty')), isEmptyDir(join(dir, 'plain')), isEmptyDir(join(dir, 'none'))]).toEqual([
      true,
      false,
      false,
    ])
    mkdirSync(join(dir, 'plain', 'sub'))
    expect(isEmptyDir(join(dir, 'plain', 'file'))).toBe(false)
  })
})

describe('processFacts', () => {
  it('knows this process and reports a reaped child as gone', async () => {
    const self = processFacts(process.pid)
    expect(self).toMatchObject({state: expect.stringMatching(/^[RS]$/), startTime: expect.any(Number)})
    const child = spawnFixture('spawn-ts.ts', [])
    const pid = child.pid ?? 0
    await exited(child)
    expect(processFacts(pid)).toBe('gone')
  })
})
