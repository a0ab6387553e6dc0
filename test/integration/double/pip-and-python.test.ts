import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {installRoot, runDouble, seedEnv, writeWorld} from '../../support/double.js'
import {tinyWorld} from '../../support/double-worlds.js'

describe('env pythons and the pip simulation', () => {
  let dir: string
  let root: string
  let world: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'double-pip-'))
    world = writeWorld(
      dir,
      tinyWorld({
        failures: [
          {
            command: 'pip install',
            stage: 'pip',
            package: 'flaky',
            action: 'error',
            message: 'Could not install packages due to an OSError: [Errno 28] No space left on device',
          },
        ],
      }),
    )
    root = await installRoot({base: dir, name: 'root', condaVersion: '26.7.1', world})
  })
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  const fresh = async (name: string, conda = ['python=3.11', 'pip', 'numpy', 'pyyaml', 'brokenlib']) => {
    const prefix = await seedEnv(root, name, {conda, world})
    const py = (...args: string[]) => runDouble(join(prefix, 'bin', 'python'), args, {world})
    return {prefix, py, site: join(prefix, 'lib', 'python3.11', 'site-packages')}
  }

  it("prints the env's python version and imports the stub modules of its packages", async () => {
    const {prefix, py} = await fresh('imports')
    expect((await py('--version')).stdout).toBe('Python 3.11.7\n')
    const r = await py('-c', 'import sys, numpy, yaml; print(sys.prefix, numpy.__version__, yaml.__version__)')
    expect(r).toMatchObject({exitCode: 0, stdout: `${prefix} 1.26.4 6.0.1\n`})
  })

  it('does not see packages the env lacks, even if the host python has them', async () => {
    const {py} = await fresh('isolated', ['python=3.11'])
    const r = await py('-c', 'import numpy')
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain("ModuleNotFoundError: No module named 'numpy'")
  })

  it("fails an import the world marks broken, with the world's error", async () => {
    const {py} = await fresh('broken')
    const r = await py('-c', 'import brokenlib')
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain('ImportError: libbroken.so.1: cannot open shared object file: No such file or directory')
  })

  it('installs from the index with pip 23’s messages and lists the result', async () => {
    const {py, site} = await fresh('index')
    const r = await py('-m', 'pip', 'install', 'hlink-client==1.0.0')
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toBe(
      'Collecting hlink-client==1.0.0\n  Downloading hlink_client-1.0.0-py3-none-any.whl (2.1 kB)\n' +
        'Collecting toolz>=0.12 (from hlink-client==1.0.0)\n  Downloading toolz-0.12.1-py3-none-any.whl (2.1 kB)\n' +
        'Installing collected packages: toolz, hlink-client\nSuccessfully installed hlink-client-1.0.0 toolz-0.12.1\n',
    )
    expect(readFileSync(join(site, 'hlink_client-1.0.0.dist-info', 'INSTALLER'), 'utf8')).toBe('pip\n')
    const freeze = (await py('-m', 'pip', 'freeze')).stdout.split('\n')
    expect(freeze).toEqual(expect.arrayContaining(['hlink-client==1.0.0', 'toolz==0.12.1', 'numpy==1.26.4']))
    expect(freeze).not.toContain('pip==23.3.2')
    expect((await py('-c', 'import hlink_client, toolz; print(toolz.__version__)')).stdout).toBe('0.12.1\n')
  })

  it('says what is already satisfied, and -U upgrades a requirement file’s pins', async () => {
    const {prefix, py} = await fresh('upgrade')
    await py('-m', 'pip', 'install', 'toolz==0.12.0')
    const req = join(prefix, 'req.txt')
    writeFileSync(req, '# pins\ntoolz\n')
    const same = await py('-m', 'pip', 'install', '-r', req)
    expect(same.stdout).toBe(
      `Requirement already satisfied: toolz in ${prefix}/lib/python3.11/site-packages (0.12.0)\n`,
    )
    const up = await py('-m', 'pip', 'install', '-U', '-r', req, '--exists-action=b')
    expect(up.stdout).toContain('  Attempting uninstall: toolz\n    Found existing installation: toolz 0.12.0\n')
    expect(up.stdout).toContain('Successfully installed toolz-0.12.1\n')
  })

  it('reports a missing distribution like pip: two ERROR lines, exit 1', async () => {
    const {py} = await fresh('missing')
    const r = await py('-m', 'pip', 'install', 'hlink-client==9.9.9')
    expect(r).toMatchObject({
      exitCode: 1,
      stderr:
        'ERROR: Could not find a version that satisfies the requirement hlink-client==9.9.9 (from versions: 1.0.0)\n' +
        'ERROR: No matching distribution found for hlink-client==9.9.9\n',
    })
    expect((await py('-m', 'pip', 'install', 'nosuch')).stderr).toContain('(from versions: none)')
  })

  it('installs a VCS URL and records direct_url.json exactly like pip; freeze keeps the commit', async () => {
    const {py, site} = await fresh('vcs')
    const url = 'git+https://github.com/example/hlink-private.git@v0.2.0#egg=hlink-private'
    const r = await py('-m', 'pip', 'install', url)
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toContain(
      '  Resolved https://github.com/example/hlink-private.git to commit 6c59a7cb98cf6365b2b6826fa84dfc3ac543bef0\n',
    )
    expect(readFileSync(join(site, 'hlink_private-0.2.0.dist-info', 'direct_url.json'), 'utf8')).toBe(
      '{"url": "https://github.com/example/hlink-private.git", "vcs_info": {"commit_id": "6c59a7cb98cf6365b2b6826fa84dfc3ac543bef0", "requested_revision": "v0.2.0", "vcs": "git"}}',
    )
    expect((await py('-m', 'pip', 'freeze')).stdout).toContain(
      'hlink-private @ git+https://github.com/example/hlink-private.git@6c59a7cb98cf6365b2b6826fa84dfc3ac543bef0\n',
    )
  })

  it('fails an unreachable git repository like pip does (git clone exit 128)', async () => {
    const {py} = await fresh('unreachable')
    const r = await py('-m', 'pip', 'install', 'git+https://git.example.org/gone/legacy-tools.git#egg=legacy-tools')
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain('× git clone --filter=blob:none --quiet https://git.example.org/gone/legacy-tools.git')
    expect(r.stderr).toContain('│ exit code: 128')
  })

  it('rejects `name @ git+file:///path` like pip 23.0.1 (transcript env-create-pip-invalid-requirement)', async () => {
    const {prefix, py} = await fresh('pep508')
    const req = join(prefix, 'r.txt')
    writeFileSync(req, 'hlink-private @ git+file:///srv/git/hlink-private@v0.2.0\n')
    const r = await py('-m', 'pip', 'install', '-r', req)
    expect(r).toMatchObject({
      exitCode: 1,
      stderr: `ERROR: Invalid requirement: 'hlink-private @ git+file:///srv/git/hlink-private@v0.2.0' (from line 1 of ${req})\nHint: It looks like a path. File 'hlink-private @ git+file:///srv/git/hlink-private@v0.2.0' does not exist.\n`,
    })
  })

  it('installs a local project and records dir_info', async () => {
    const {prefix, py, site} = await fresh('local')
    const project = join(prefix, 'src-proj')
    await runDouble('mkdir', ['-p', project])
    writeFileSync(join(project, 'pyproject.toml'), '[project]\nname = "legacy-noarch"\nversion = "0.9"\n')
    expect((await py('-m', 'pip', 'install', project)).exitCode).toBe(0)
    expect(JSON.parse(readFileSync(join(site, 'legacy_noarch-0.9.dist-info', 'direct_url.json'), 'utf8'))).toEqual({
      dir_info: {},
      url: `file://${project}`,
    })
  })

  it('fails a pip install the world injects a failure for', async () => {
    const w2 = writeWorld(
      join(dir, 'w2'),
      tinyWorld({
        pip: {packages: [{name: 'flaky', version: '1.0'}]},
        failures: [
          {
            command: 'pip install',
            stage: 'pip',
            package: 'flaky',
            action: 'error',
            message: 'Could not install packages due to an OSError: [Errno 28] No space left on device',
          },
        ],
      }),
    )
    const prefix = await seedEnv(root, 'flaky', {conda: ['python=3.11', 'pip'], world: w2})
    const r = await runDouble(join(prefix, 'bin', 'python'), ['-m', 'pip', 'install', 'flaky'], {world: w2})
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toBe('ERROR: Could not install packages due to an OSError: [Errno 28] No space left on device\n')
  })

  it('shows and lists installed distributions', async () => {
    const {py} = await fresh('show')
    const show = await py('-m', 'pip', 'show', 'numpy')
    expect(show.stdout).toMatch(/^Name: numpy\nVersion: 1\.26\.4\n/)
    const list = JSON.parse((await py('-m', 'pip', 'list', '--format=json')).stdout) as Array<{name: string}>
    expect(list.map((d) => d.name)).toEqual(expect.arrayContaining(['numpy', 'pip', 'pyyaml']))
  })
})
