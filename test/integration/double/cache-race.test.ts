import {existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {installRoot, runDouble, writeWorld, type DoubleRun} from '../../support/double.js'
import {tinyWorld} from '../../support/double-worlds.js'

/** How real conda failed in the transcripts' cold parallel creates (concurrency/*). */
const CACHE_RACE =
  /^(InvalidArchiveError|CondaVerificationError|SafetyError|CondaMultiError)|\n(InvalidArchiveError|CondaVerificationError|SafetyError)/

describe('the package cache has no lock (transcripts concurrency/*)', () => {
  let dir: string
  let root: string
  let world: string
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'double-race-'))
    // extraction takes long enough that creates started together meet in pkgs/
    world = writeWorld(dir, tinyWorld({delays: {extractMs: 700}}))
    root = await installRoot({base: dir, name: 'root', condaVersion: '25.11.1', world})
  })
  afterEach(() => rmSync(dir, {recursive: true, force: true}))

  const create = (name: string, ...extra: string[]) =>
    runDouble(join(root, 'bin', 'conda'), ['create', '-y', '-n', name, ...extra, 'python=3.11', 'numpy'], {world})
  const usable = (name: string) => existsSync(join(root, 'envs', name, 'bin', 'python'))
  /** Starts `first`, and the others once `first` is extracting (so a loaded machine cannot spread them out). */
  const together = async (first: string, ...others: string[]) => {
    const pkgs = join(root, 'pkgs')
    const a = create(first)
    while (!(existsSync(pkgs) && readdirSync(pkgs).some((d) => existsSync(join(pkgs, d, 'info', 'extract-token'))))) {
      await new Promise((r) => setTimeout(r, 20))
    }
    return Promise.all([a, ...others.map((n) => create(n))])
  }

  it('concurrent cold creates clobber each other: at least one fails like conda, with no usable env', async () => {
    // Given an empty pkgs/ / When four creates needing the same packages start together
    const runs = await together('cc1', 'cc2', 'cc3', 'cc4')
    // Then some fail with conda's cache-corruption errors, exit 1, and leave no env behind
    const failed = runs.map((r, i) => ({r, name: `cc${i + 1}`})).filter(({r}) => r.exitCode !== 0)
    expect(failed.length).toBeGreaterThanOrEqual(1)
    for (const {r, name} of failed) {
      expect(r.exitCode).toBe(1)
      expect(r.stderr).toMatch(CACHE_RACE)
      expect(usable(name)).toBe(false)
    }
  })

  it('two concurrent cold creates are enough to collide', async () => {
    const runs: DoubleRun[] = await together('a', 'b')
    expect(runs.filter((r) => r.exitCode === 1 && CACHE_RACE.test(r.stderr))).not.toHaveLength(0)
  })

  it('the same creates one after another all succeed', async () => {
    for (const name of ['s1', 's2', 's3', 's4']) {
      const r = await create(name)
      expect(r.exitCode, r.stderr).toBe(0)
      expect(usable(name)).toBe(true)
    }
  })

  it('filling the cache once (--download-only) makes concurrent --offline creates safe', async () => {
    // Given the cache filled by one serialised --download-only create, which builds no env
    const fill = await create('fill', '--download-only')
    expect(fill.exitCode).toBe(0)
    expect(fill.stderr).toBe(
      '\nCondaExitZero: Package caches prepared. UnlinkLinkTransaction cancelled with --download-only option.\n\n',
    )
    expect(existsSync(join(root, 'envs', 'fill'))).toBe(false)
    // When four --offline creates run together / Then they all link from the warm cache
    const runs = await Promise.all(['o1', 'o2', 'o3', 'o4'].map((n) => create(n, '--offline')))
    for (const [i, r] of runs.entries()) {
      expect(r.exitCode, r.stderr).toBe(0)
      expect(usable(`o${i + 1}`)).toBe(true)
    }
  })

  it('--offline cannot install what the cache does not hold', async () => {
    const r = await runDouble(join(root, 'bin', 'conda'), ['create', '-y', '--offline', '-n', 'x', 'pyyaml'], {world})
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain(
      'PackagesNotFoundError: The following packages are not available from current channels:\n\n  - pyyaml\n',
    )
  })
})
