import {mkdirSync, mkdtempSync, readlinkSync, realpathSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it, onTestFinished} from 'vitest'

import {doubleEnv, installerPath, writeWorld} from '../support/double.js'
import {runCli} from '../support/run-cli.js'

const scratch = () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'condamig-install-cli-')))
  onTestFinished(() => rmSync(dir, {recursive: true, force: true}))
  const base = join(dir, 'base')
  mkdirSync(base)
  return {base, env: doubleEnv(writeWorld(join(dir, 'world'), 'synthetic'))}
}

type ErrorDoc = {error: {code: string; message: string; exitCode: number}}

describe('condamig install from the command line', () => {
  it('installs, points qa and prints exactly one JSON document', async () => {
    const {base, env} = scratch()
    const installer = installerPath('26.7.1')
    const result = await runCli(['install', installer, '--name', 'v26', '--base', base, '--json'], {env})
    expect(result.exitCode).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({
      base,
      root: 'v26',
      dir: join(base, 'v26'),
      adopted: false,
      installer: {
        file: installer,
        product: 'Miniforge3',
        version: '26.7.1-0',
        command: `bash ${installer} -b -p ${join(base, 'v26')}`,
      },
      conda: '26.7.1',
      python: '3.13.7',
      condarc: {
        channels: ['conda-forge'],
        source: 'root',
        file: join(base, 'v26', '.condarc'),
        pkgsDirs: [join(base, 'v26', 'pkgs'), '~/.conda/pkgs'],
        carried: [],
        kept: [],
      },
      qa: {from: null, to: 'v26'},
      log: 'logs/install-v26.log',
      warnings: [],
    })
    expect(readlinkSync(join(base, 'qa'))).toBe('v26')
  })

  it('exits 2 for a bad --name or a file that is not an installer', async () => {
    const {base, env} = scratch()
    const badName = await runCli(['install', installerPath('26.7.1'), '--name', 'current', '--base', base, '--json'], {
      env,
    })
    expect(badName.exitCode).toBe(2)
    expect((JSON.parse(badName.stdout) as ErrorDoc).error.code).toBe('root-name.invalid')
    const notes = join(base, '..', 'notes.sh')
    writeFileSync(notes, 'echo hi\n')
    const notInstaller = await runCli(['install', notes, '--name', 'v26', '--base', base], {env})
    expect(notInstaller.exitCode).toBe(2)
    expect(notInstaller.stderr).toContain('does not look like a conda installer')
    const missing = await runCli(['install', '--name', 'v26', '--base', base], {env})
    expect(missing.exitCode).toBe(2)
  })

  it('exits 3 for a non-empty BASE/NAME that is not a conda root, and for a conda that is too old', async () => {
    const {base, env} = scratch()
    mkdirSync(join(base, 'v26'))
    writeFileSync(join(base, 'v26', 'data.csv'), 'a,b\n')
    const occupied = await runCli(['install', installerPath('26.7.1'), '--name', 'v26', '--base', base, '--json'], {
      env,
    })
    expect(occupied.exitCode).toBe(3)
    expect((JSON.parse(occupied.stdout) as ErrorDoc).error.code).toBe('install.target-occupied')
    const old = await runCli(['install', installerPath('4.3.22'), '--name', 'v43', '--base', base], {env})
    expect(old.exitCode).toBe(3)
    expect(old.stderr).toContain('conda 4.3.22 is older than min_conda 4.8')
  })
})
