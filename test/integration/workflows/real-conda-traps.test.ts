/**
 * Two traps real conda set for condamig (issue 7, points 2a and 2d), on the conda double, which reproduces both:
 * a new root on conda >= 23.10 without conda-libmamba-solver and no `solver:` in its .condarc fails every solve, and
 * reading an env where pip replaced a conda package (conda env export, conda list --json) deletes that package's
 * conda-meta record — in the current root, where condamig must never write.
 */
import {existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest'

import {exportEnvs} from '../../../src/workflows/export.js'
import {replicate} from '../../../src/workflows/replicate.js'
import {verify} from '../../../src/workflows/verify.js'
import {doubleEnv, installRoot, runDouble, seedEnv, writeWorld, type World} from '../../support/double.js'
import {tinyWorld} from '../../support/double-worlds.js'
import {hashTree} from '../../support/make-base.js'
import {testContext} from '../../support/qa-base.js'

/** The tiny world plus a conda toolz 0.12.0; its pip index has toolz 0.12.1. */
const world = (): World => {
  const w = tinyWorld()
  const [forge] = w.channels as {packages: unknown[]}[]
  forge?.packages.push({
    name: 'toolz',
    version: '0.12.0',
    build: 'pyhd8ed1ab_0',
    noarch: 'python',
    depends: ['python >=3.7'],
  })
  return w
}

const RECORD = 'toolz-0.12.0-pyhd8ed1ab_0.json'

describe('real conda traps: a new root without libmamba, and conda writing while it reads current', () => {
  let dir: string
  let base: string
  let oldRoot: string
  let newRoot: string
  let worldFile: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'condamig-traps-'))
    base = join(dir, 'base')
    worldFile = writeWorld(join(dir, 'world'), world())
    for (const [key, value] of Object.entries(doubleEnv(worldFile))) vi.stubEnv(key, value)
    oldRoot = await installRoot({base, name: 'v23', condaVersion: '23.7.4', world: worldFile})
    // the new root as the real-conda kit's installer lays it out: conda 26.7.1, no conda-libmamba-solver
    vi.stubEnv('CONDA_DOUBLE_LIBMAMBA', '0')
    newRoot = await installRoot({base, name: 'v26', condaVersion: '26.7.1', world: worldFile})
    vi.stubEnv('CONDA_DOUBLE_LIBMAMBA', undefined)
    // and no solver key: conda's default (libmamba) is a solver this root does not have
    writeFileSync(join(newRoot, '.condarc'), 'channels:\n  - conda-forge\n')
    symlinkSync('v23', join(base, 'current'))
    symlinkSync('v26', join(base, 'qa'))
    // an old env whose conda toolz pip replaced
    const prefix = await seedEnv(oldRoot, 'clob', {conda: ['python=3.11', 'pip', 'toolz'], world: worldFile})
    const pip = await runDouble(join(prefix, 'bin', 'python'), ['-m', 'pip', 'install', 'toolz==0.12.1'], {
      world: worldFile,
    })
    expect(pip.exitCode, pip.stderr).toBe(0)
    writeFileSync(join(base, 'condamig.ini'), '[environments]\nclob = REPLICATE\n')
  })

  afterAll(() => {
    vi.unstubAllEnvs()
    rmSync(dir, {recursive: true, force: true})
  })

  it('the double really sets both traps', async () => {
    const solve = await runDouble(
      join(newRoot, 'bin', 'conda'),
      ['create', '--dry-run', '--json', '-p', join(dir, 'x'), 'python'],
      {
        world: worldFile,
      },
    )
    expect(solve.stdout).toContain('non-default solver backend (libmamba) but it was not recognized')
    expect(existsSync(join(oldRoot, 'envs', 'clob', 'conda-meta', RECORD))).toBe(true)
  })

  it('export, replicate and verify work, and leave the current root as it was (the stale record stays)', async () => {
    const before = hashTree(oldRoot)
    const exported = await exportEnvs(testContext(base), {envs: []})
    expect(exported.environments.map((env) => [env.name, env.status])).toEqual([['clob', 'ok']])
    const result = await replicate(testContext(base), {envs: [], retryFailed: false, dryRun: false, keepFailed: false})
    expect(result.outcomes.map((o) => [o.environment, o.status])).toEqual([['clob', 'ok']])
    // replicate asked the root which solver it has and solved with that one
    expect(result.qa.solver).toBe('classic')
    expect(readFileSync(join(base, result.outcomes[0]?.log ?? ''), 'utf8')).toContain('--solver=classic')
    await verify(testContext(base), {envs: []})
    expect(existsSync(join(oldRoot, 'envs', 'clob', 'conda-meta', RECORD))).toBe(true)
    expect(hashTree(oldRoot)).toBe(before)
  })
})
