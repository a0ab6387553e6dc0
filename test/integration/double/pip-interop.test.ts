import {existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {installRoot, runDouble, seedEnv, writeWorld, type World} from '../../support/double.js'
import {tinyWorld} from '../../support/double-worlds.js'

/*
 * Reading an env can write it (../shared/realconda README "Facts measured", transcripts
 * conda-*\/list-json-after-pip-clobber.conda-meta.txt): once pip replaced a conda package, conda's pip
 * interop (prefix_data.py _load_site_packages) finds the package's anchor (its dist-info RECORD) gone
 * and deletes its conda-meta record — on `conda list` (not --explicit), `env export`, `conda export`.
 */

/** tiny world plus a conda toolz 0.12.0 (noarch: python); the pip index has toolz 0.12.1. */
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

describe.each(['23.7.4', '26.7.1'])('conda %s: pip replacing a conda package', (version) => {
  let dir: string
  let root: string
  let worldFile: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'double-clobber-'))
    worldFile = writeWorld(dir, world())
    root = await installRoot({base: dir, name: 'root', condaVersion: version, world: worldFile})
  })
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  const conda = (args: string[]) => runDouble(join(root, 'bin', 'conda'), args, {world: worldFile})
  const meta = (prefix: string) => readdirSync(join(prefix, 'conda-meta'))
  /** An env with conda's toolz 0.12.0, then `pip install toolz==0.12.1` over it. */
  const clobbered = async (name: string) => {
    const prefix = await seedEnv(root, name, {conda: ['python=3.11', 'pip', 'toolz'], world: worldFile})
    expect(meta(prefix)).toContain(RECORD)
    const pip = await runDouble(join(prefix, 'bin', 'python'), ['-m', 'pip', 'install', 'toolz==0.12.1'], {
      world: worldFile,
    })
    expect(pip.exitCode, pip.stderr).toBe(0)
    expect(pip.stdout).toContain('  Attempting uninstall: toolz\n    Found existing installation: toolz 0.12.0\n')
    return prefix
  }

  it("pip's uninstall removes the conda package's dist-info (its RECORD), the conda record stays until conda looks", async () => {
    const prefix = await clobbered('pipped')
    const site = join(prefix, 'lib', 'python3.11', 'site-packages')
    expect(existsSync(join(site, 'toolz-0.12.0.dist-info'))).toBe(false)
    expect(existsSync(join(site, 'toolz-0.12.1.dist-info', 'RECORD'))).toBe(true)
    expect(meta(prefix)).toContain(RECORD)
  })

  it('conda list --json deletes the record and lists toolz once, as pip’s', async () => {
    const prefix = await clobbered('listjson')
    const r = await conda(['list', '--json', '-p', prefix])
    expect(r.exitCode, r.stderr).toBe(0)
    expect(meta(prefix)).not.toContain(RECORD)
    const toolz = (JSON.parse(r.stdout) as {name: string; channel: string; version: string}[]).filter(
      (p) => p.name === 'toolz',
    )
    expect(toolz).toEqual([expect.objectContaining({channel: 'pypi', version: '0.12.1'})])
  })

  it('conda list (text, a regex, or --no-pip, which real conda ignores) deletes it too', async () => {
    for (const args of [[], ['toolz'], ['--no-pip']]) {
      const prefix = await clobbered(`list${args.join('').replace(/\W/g, '')}`)
      const r = await conda(['list', '-p', prefix, ...args])
      expect(r.exitCode, r.stderr).toBe(0)
      expect(meta(prefix)).not.toContain(RECORD)
      expect(r.stdout).toMatch(/\ntoolz +0\.12\.1 +pypi_0 +pypi\n/)
    }
  })

  it('conda env export (also --from-history) deletes it; toolz is exported under pip:', async () => {
    const prefix = await clobbered('export')
    const r = await conda(['env', 'export', '-p', prefix])
    expect(r.exitCode).toBe(0)
    expect(meta(prefix)).not.toContain(RECORD)
    expect(r.stdout).not.toMatch(/- toolz=0\.12\.0/)
    expect(r.stdout).toContain('  - pip:\n      - toolz==0.12.1\n')
    const history = await clobbered('history')
    expect((await conda(['env', 'export', '--from-history', '-p', history])).exitCode).toBe(0)
    expect(meta(history)).not.toContain(RECORD)
  })

  it('conda list --explicit does not load pip packages and leaves the record; a dry-run install neither', async () => {
    const prefix = await clobbered('explicit')
    const r = await conda(['list', '--explicit', '-p', prefix])
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toContain('/noarch/toolz-0.12.0-pyhd8ed1ab_0.tar.bz2\n')
    expect(meta(prefix)).toContain(RECORD)
    await conda(['install', '--dry-run', '-p', prefix, 'pyyaml'])
    expect(meta(prefix)).toContain(RECORD)
  })

  it('an env whose conda packages pip left alone keeps every record', async () => {
    const prefix = await seedEnv(root, 'intact', {
      conda: ['python=3.11', 'pip', 'toolz'],
      pip: ['hlink-client==1.0.0'],
      world: worldFile,
    })
    const before = meta(prefix)
    const r = await conda(['list', '--json', '-p', prefix])
    expect(r.exitCode).toBe(0)
    expect(meta(prefix)).toEqual(before)
  })
})

describe('conda 26.7.1 export of an env with pip packages', () => {
  let dir: string
  let root: string
  let worldFile: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'double-export-pip-'))
    worldFile = writeWorld(dir, world())
    root = await installRoot({base: dir, name: 'root', condaVersion: '26.7.1', world: worldFile})
  })
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  it('--format=explicit refuses (CondaValueError); the yaml format warns about "1 package installed via pip"', async () => {
    const prefix = await seedEnv(root, 'withpip', {
      conda: ['python=3.11', 'pip'],
      pip: ['toolz==0.12.1'],
      world: worldFile,
    })
    const conda = (args: string[]) => runDouble(join(root, 'bin', 'conda'), args, {world: worldFile})
    const explicit = await conda(['export', '--format=explicit', '-p', prefix])
    expect(explicit).toMatchObject({
      exitCode: 1,
      stdout: '',
      stderr:
        '\nCondaValueError: Cannot export explicit format: environment contains external packages that cannot be represented in explicit format. Use a different format to include external packages.\n\n',
    })
    const yaml = await conda(['export', '-p', prefix])
    expect(yaml.exitCode).toBe(0)
    expect(yaml.stdout).toContain('  - pip:\n      - toolz==0.12.1\n')
    expect(yaml.stderr).toContain(
      'CondaExportWarning: The exported environment contains 3rd party Python packages.\n\nYour environment contains 1 package installed via pip.',
    )
  })
})
