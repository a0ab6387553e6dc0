import {existsSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, symlinkSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {findStrayFlipTemps, flipLink, readLink, removeLink} from '../../../src/system/flip-link.js'
import {condaRootTree, link, makeTree} from '../../support/fs-tree.js'

let base: string
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'condamig-flip-link-'))
  makeTree(base, {'v4.3': condaRootTree(), 'v4.8': condaRootTree(), current: link('v4.3')})
})
afterEach(() => rmSync(base, {recursive: true, force: true}))

describe('flipLink', () => {
  it('repoints an existing link with a relative target and leaves no temporary link', () => {
    flipLink(join(base, 'current'), 'v4.8')
    expect(readlinkSync(join(base, 'current'))).toBe('v4.8')
    expect(findStrayFlipTemps(base)).toEqual([])
  })

  it('creates a link that did not exist', () => {
    flipLink(join(base, 'qa'), 'v4.8')
    expect(readLink(join(base, 'qa'))).toMatchObject({kind: 'link', target: 'v4.8', resolves: true})
  })

  it('refuses an absolute target and changes nothing', () => {
    expect(() => flipLink(join(base, 'current'), join(base, 'v4.8'))).toThrow(
      expect.objectContaining({code: 'flip.absolute-target', exitCode: 2}),
    )
    expect(readlinkSync(join(base, 'current'))).toBe('v4.3')
  })

  it('refuses to replace a real directory and removes its temporary link', () => {
    mkdirSync(join(base, 'envs'))
    expect(() => flipLink(join(base, 'envs'), 'current/envs')).toThrow(
      expect.objectContaining({code: 'flip.not-a-link'}),
    )
    expect(lstatSync(join(base, 'envs')).isDirectory()).toBe(true)
    expect(findStrayFlipTemps(base)).toEqual([])
  })

  it('goes through a recognisable temporary link in the same directory', () => {
    let seen: string[] = []
    flipLink(join(base, 'current'), 'v4.8', {afterTemp: () => (seen = findStrayFlipTemps(base))})
    expect(seen).toEqual([expect.stringMatching(new RegExp(`^\\.current\\.condamig-flip-${process.pid}-[0-9a-f]{8}$`))])
    expect(readlinkSync(join(base, 'current'))).toBe('v4.8')
  })
})

describe('readLink', () => {
  it('tells a resolving link, a dangling link, a missing path and a real directory apart', () => {
    symlinkSync('v9', join(base, 'qa'))
    expect(readLink(join(base, 'current'))).toEqual({
      kind: 'link',
      target: 'v4.3',
      relative: true,
      resolves: true,
      resolved: join(base, 'v4.3'),
    })
    expect(readLink(join(base, 'qa'))).toEqual({kind: 'link', target: 'v9', relative: true, resolves: false})
    expect(readLink(join(base, 'nothing'))).toEqual({kind: 'missing'})
    expect(readLink(join(base, 'v4.3'))).toEqual({kind: 'not-a-link'})
  })

  it('reports an absolute target as not relative', () => {
    symlinkSync(join(base, 'v4.8'), join(base, 'qa'))
    expect(readLink(join(base, 'qa'))).toMatchObject({kind: 'link', relative: false, resolves: true})
  })
})

describe('removeLink', () => {
  it('removes a symlink but never the directory it points to', () => {
    expect(removeLink(join(base, 'current'))).toBe(true)
    expect(existsSync(join(base, 'current'))).toBe(false)
    expect(existsSync(join(base, 'v4.3', 'bin', 'conda'))).toBe(true)
  })

  it('is a no-op for a missing link and refuses a real directory', () => {
    expect(removeLink(join(base, 'qa'))).toBe(false)
    expect(() => removeLink(join(base, 'v4.3'))).toThrow(
      expect.objectContaining({code: 'flip.not-a-link', exitCode: 3}),
    )
    expect(existsSync(join(base, 'v4.3', 'bin', 'conda'))).toBe(true)
  })
})

describe('findStrayFlipTemps', () => {
  it('finds only symlinks named like a flip temp', () => {
    symlinkSync('v4.8', join(base, '.current.condamig-flip-123-abcdef01'))
    symlinkSync('v4.8', join(base, '.qa.condamig-flip-9-00'))
    mkdirSync(join(base, '.envs.condamig-flip-1-aa')) // a directory is never a stray link
    symlinkSync('v4.8', join(base, 'current.condamig-flip-1-aa')) // no leading dot
    expect(findStrayFlipTemps(base)).toEqual(['.current.condamig-flip-123-abcdef01', '.qa.condamig-flip-9-00'])
    expect(findStrayFlipTemps(join(base, 'missing'))).toEqual([])
  })
})
