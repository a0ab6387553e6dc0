import {existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {INSTALLERS, installRoot, installerPath, runDouble, writeWorld} from '../../support/double.js'
import {tinyWorld} from '../../support/double-worlds.js'

describe('the fake installers', () => {
  let dir: string
  let world: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'double-installer-'))
    world = writeWorld(dir, tinyWorld())
  })
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  it('lays out a root like Miniconda: bin, condabin, conda-meta records, envs, pkgs, etc, site-packages', async () => {
    // Given a world / When the 23.7.4 installer runs in batch mode
    const root = await installRoot({base: dir, name: 'v23', condaVersion: '23.7.4', world})
    // Then the root has the real layout and its records name conda and python
    for (const p of [
      'bin/conda',
      'bin/python',
      'condabin/conda',
      'envs',
      'pkgs',
      'etc',
      'lib/python3.11/site-packages/conda/__init__.py',
    ]) {
      expect(existsSync(join(root, p)), p).toBe(true)
    }
    const records = readdirSync(join(root, 'conda-meta'))
    expect(records).toContain('conda-23.7.4-py311h06a4308_0.json')
    expect(records.some((r) => /^python-3\.11\.4-/.test(r))).toBe(true)
    const conda = JSON.parse(
      readFileSync(join(root, 'conda-meta', 'conda-23.7.4-py311h06a4308_0.json'), 'utf8'),
    ) as Record<string, unknown>
    expect(conda).toMatchObject({
      name: 'conda',
      version: '23.7.4',
      subdir: 'linux-64',
      channel: 'https://repo.anaconda.com/pkgs/main/linux-64',
    })
    expect(conda.files).toContain('lib/python3.11/site-packages/conda/__init__.py')
  })

  it.each(Object.entries(INSTALLERS))('conda %s: the root reports its own version', async (version, file) => {
    const root = await installRoot({base: dir, name: `r-${version}`, installer: file, world})
    const r = await runDouble(join(root, 'bin', 'conda'), ['--version'])
    expect(r).toMatchObject({exitCode: 0, stdout: `conda ${version}\n`})
  })

  it("runs the root's python, whose sys.prefix is the root", async () => {
    const root = await installRoot({base: dir, name: 'py', condaVersion: '25.11.1', world})
    expect((await runDouble(join(root, 'bin', 'python'), ['--version'])).stdout).toBe('Python 3.12.12\n')
    const r = await runDouble(join(root, 'bin', 'python'), [
      '-c',
      'import sys, conda; print(sys.prefix, conda.__version__)',
    ])
    expect(r.stdout).toBe(`${root} 25.11.1\n`)
  })

  it('refuses an existing prefix like the real installer, and -u updates it', async () => {
    const prefix = join(dir, 'taken')
    mkdirSync(prefix)
    const refused = await runDouble('bash', [installerPath('26.7.1'), '-b', '-p', prefix], {world})
    expect(refused).toMatchObject({
      exitCode: 1,
      stderr: `ERROR: File or directory already exists: '${prefix}'\nIf you want to update an existing installation, use the -u option.\n`,
    })
    expect(readdirSync(prefix)).toEqual([])
    const updated = await runDouble('bash', [installerPath('26.7.1'), '-b', '-u', '-p', prefix], {world})
    expect(updated.exitCode).toBe(0)
    expect((await runDouble(join(prefix, 'bin', 'conda'), ['--version'])).stdout).toBe('conda 26.7.1\n')
  })

  it('writes Miniforge’s .condarc (conda-forge) and none for Miniconda', async () => {
    const forge = await installRoot({base: dir, name: 'forge', condaVersion: '26.7.1', world})
    const mini = await installRoot({base: dir, name: 'mini', condaVersion: '4.8.3', world})
    expect(readFileSync(join(forge, '.condarc'), 'utf8')).toBe('channels:\n  - conda-forge\n')
    expect(existsSync(join(mini, '.condarc'))).toBe(false)
  })

  it('remembers its world: conda works later without CONDA_DOUBLE_WORLD', async () => {
    const root = await installRoot({base: dir, name: 'remember', condaVersion: '26.7.1', world})
    const env = {...process.env}
    delete env.CONDA_DOUBLE_WORLD
    const r = await runDouble(join(root, 'bin', 'conda'), ['create', '-y', '-q', '-n', 'x', 'python=3.11'], {
      env: env as Record<string, string>,
    })
    expect(r.exitCode).toBe(0)
    expect(existsSync(join(root, 'envs', 'x', 'bin', 'python'))).toBe(true)
  })

  it('reports the real root path through a symlink (current -> v4.3)', async () => {
    const base = join(dir, 'base')
    const root = await installRoot({base, name: 'v4.3', condaVersion: '4.3.22', world})
    symlinkSync('v4.3', join(base, 'current'))
    const r = await runDouble(join(base, 'current', 'bin', 'conda'), ['info', '--json'])
    expect(JSON.parse(r.stdout)).toMatchObject({root_prefix: root, conda_version: '4.3.22'})
  })
})
