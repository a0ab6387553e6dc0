import {chownSync, mkdtempSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it, onTestFinished} from 'vitest'

import {RefusedError} from '../../../src/errors.js'
import {refuseRoot} from '../../../src/workflows/shared/refuse-root.js'

// Issue 8, point 7, the decision alone (test/e2e/refuse-root.test.ts runs it as root with a real user): the uid is
// passed in, so this runs as any user.

const tempBase = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'condamig-root-'))
  onTestFinished(() => rmSync(dir, {recursive: true, force: true}))
  return dir
}

/** A base owned by someone other than root: chowned to nobody when this runs as root, else already the runner's. */
const foreignBase = (): {base: string; owner: number} => {
  const base = tempBase()
  if (statSync(base).uid === 0) chownSync(base, 65_534, 65_534)
  return {base, owner: statSync(base).uid}
}

describe('refuseRoot', () => {
  it('refuses root on a base another user owns, naming the owner, the command and what it runs', () => {
    const {base, owner} = foreignBase()
    const users = new Map([[owner, 'alice']])
    const refuse = () => refuseRoot(base, {command: 'replicate', allowRoot: false, uid: 0, users})
    expect(refuse).toThrow(RefusedError)
    expect(refuse).toThrow(/^replicate refused as root: BASE is owned by alice, .*pip builds from sdists/)
    try {
      refuse()
    } catch (error) {
      expect((error as RefusedError).exitCode).toBe(3)
      expect((error as RefusedError).hint).toMatch(/sudo -u alice condamig replicate .*--allow-root/)
    }
  })

  it('names an owner without a passwd entry by uid', () => {
    const {base, owner} = foreignBase()
    expect(() => refuseRoot(base, {command: 'verify', allowRoot: false, uid: 0, users: new Map()})).toThrow(
      `verify refused as root: BASE is owned by uid ${owner}`,
    )
  })

  it('lets root through with --allow-root, and any other user always', () => {
    const {base} = foreignBase()
    expect(() => refuseRoot(base, {command: 'install', allowRoot: true, uid: 0})).not.toThrow()
    expect(() => refuseRoot(base, {command: 'install', allowRoot: false, uid: 1000})).not.toThrow()
  })

  it.skipIf(process.getuid?.() !== 0)('lets root through on a root-owned base (needs root to own one)', () => {
    const base = tempBase()
    expect(() => refuseRoot(base, {command: 'replicate', allowRoot: false})).not.toThrow()
  })
})
