import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {installRoot, runDouble, seedEnv, writeWorld} from '../../support/double.js'
import {tinyWorld} from '../../support/double-worlds.js'

describe('old conda roots (4.3.22, 4.8.3): modelled on 23.7.4', () => {
  let dir: string
  let world: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'double-old-'))
    world = writeWorld(dir, tinyWorld())
  })
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  const exportOf = async (version: string) => {
    const root = await installRoot({base: dir, name: version, condaVersion: version, world})
    await seedEnv(root, 'hlink', {
      conda: ['python=3.11', 'numpy'],
      git: ['git+https://github.com/example/hlink-private.git@v0.2.0#egg=hlink-private'],
      world,
    })
    return runDouble(
      join(root, 'bin', 'conda'),
      ['env', 'export', '--name', 'hlink', '--no-builds', '-c', 'conda-forge'],
      {world},
    )
  }

  it('4.3.22 still prints build strings with --no-builds, and exports a git install as name==version', async () => {
    const r = await exportOf('4.3.22')
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toContain('\n  - numpy=1.26.4=py311h64a7726_0\n')
    expect(r.stdout).toContain('\n  - pip:\n      - hlink-private==0.2.0\n')
  })

  it('4.8.3 honours --no-builds', async () => {
    const r = await exportOf('4.8.3')
    expect(r.stdout).toContain('\n  - numpy=1.26.4\n')
    expect(r.stdout).toContain('\n  - pip:\n      - hlink-private==0.2.0\n')
  })

  it('4.3.22 lists envs without envs_details', async () => {
    const root = await installRoot({base: dir, name: 'list43', condaVersion: '4.3.22', world})
    const r = await runDouble(join(root, 'bin', 'conda'), ['env', 'list', '--json'], {world})
    expect(Object.keys(JSON.parse(r.stdout) as object)).toEqual(['envs'])
  })
})
