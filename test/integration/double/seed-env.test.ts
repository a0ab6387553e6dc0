import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {installRoot, runDouble, seedEnv, writeWorld} from '../../support/double.js'
import {tinyWorld} from '../../support/double-worlds.js'

describe('seedEnv: environments made without spawning conda', () => {
  let dir: string
  let world: string
  let root: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'double-seed-'))
    world = writeWorld(dir, tinyWorld())
    root = await installRoot({base: dir, name: 'root', condaVersion: '23.7.4', world})
  })
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  it('leaves what conda create + pip install would: records, history, pip and git installs, registration', async () => {
    const prefix = await seedEnv(root, 'hlink', {
      conda: ['python=3.11', 'pip', 'numpy'],
      pip: ['hlink-client==1.0.0'],
      git: ['git+https://github.com/example/hlink-private.git@v0.2.0#egg=hlink-private'],
      orphans: ['old-private-lib==0.1'],
      world,
    })
    expect(prefix).toBe(join(root, 'envs', 'hlink'))
    const list = JSON.parse(
      (await runDouble(join(root, 'bin', 'conda'), ['list', '--json', '-n', 'hlink'], {world})).stdout,
    ) as Array<{name: string; channel: string}>
    expect(list.filter((p) => p.channel === 'pypi').map((p) => p.name)).toEqual([
      'hlink-client',
      'hlink-private',
      'old-private-lib',
      'toolz',
    ])
    expect(list.find((p) => p.name === 'numpy')).toMatchObject({channel: 'conda-forge'})
    expect(readFileSync(join(prefix, 'conda-meta', 'history'), 'utf8')).toContain(
      "# update specs: ['python=3.11', 'pip', 'numpy']",
    )
    const fromHistory = await runDouble(
      join(root, 'bin', 'conda'),
      ['env', 'export', '-n', 'hlink', '--from-history'],
      {world},
    )
    expect(fromHistory.stdout).toContain('dependencies:\n  - python=3.11\n  - pip\n  - numpy\n')
    expect(readFileSync(join(dir, 'home', '.conda', 'environments.txt'), 'utf8')).toContain(`${prefix}\n`)
  })

  it('seeds many envs that conda then lists', async () => {
    const names = Array.from({length: 30}, (_, i) => `env${String(i).padStart(2, '0')}`)
    for (const n of names)
      await seedEnv(root, n, {conda: [n.endsWith('0') ? 'python=3.10' : 'python=3.11', 'numpy'], world})
    const envs = (
      JSON.parse((await runDouble(join(root, 'bin', 'conda'), ['env', 'list', '--json'], {world})).stdout) as {
        envs: string[]
      }
    ).envs
    expect(envs).toEqual(expect.arrayContaining(names.map((n) => join(root, 'envs', n))))
    expect(existsSync(join(root, 'envs', 'env10', 'lib', 'python3.10', 'site-packages', 'numpy', '__init__.py'))).toBe(
      true,
    )
  })

  it('refuses specs the world cannot satisfy, naming them', async () => {
    await expect(seedEnv(root, 'bad', {conda: ['python=3.11', 'nosuchpkg'], world})).rejects.toThrow(
      'seedEnv bad: not found: nosuchpkg',
    )
  })
})
