import {type ChildProcess} from 'node:child_process'
import {existsSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {installRoot, runDouble, writeWorld} from '../../support/double.js'
import {tinyWorld} from '../../support/double-worlds.js'

/*
 * Every conda process that solves or links loads pkgs/ first and repairs what it finds incomplete
 * (conda/core/package_cache_data.py _make_single_record), measured on real 26.7.1 and 23.7.4
 * (../shared/realconda roots): a directory with info/index.json but no info/repodata_record.json gets that
 * record written — missing files and all —, one with neither is removed and its tarball extracted again,
 * a tarball without a directory is extracted. So a process started while another extracts collides with it.
 */

const DIST = 'libzlib-1.2.13-hd590300_5'
const LICENSE = join('share', 'licenses', 'libzlib', 'LICENSE')
const CORRUPTED =
  /(SafetyError|CondaVerificationError): The package for libzlib located at .*\nappears to be corrupted\./

/** Polls until `ready()` holds. */
const until = async (ready: () => boolean) => {
  while (!ready()) await new Promise((r) => setTimeout(r, 20))
}

describe('loading the package cache repairs it (a warm cache is only read)', () => {
  let dir: string
  let root: string
  let world: string
  let pkg: string
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'double-cacheload-'))
    world = writeWorld(dir, tinyWorld())
    root = await installRoot({base: dir, name: 'root', condaVersion: '26.7.1', world})
    pkg = join(root, 'pkgs', DIST)
    const warm = await conda(['create', '-y', '-q', '-n', 'warm', 'libzlib'])
    expect(warm.exitCode, warm.stderr).toBe(0)
    expect(existsSync(join(pkg, 'info', 'repodata_record.json'))).toBe(true)
  })
  afterEach(() => rmSync(dir, {recursive: true, force: true}))

  const conda = (args: string[]) => runDouble(join(root, 'bin', 'conda'), args, {world})
  const dryRun = () => conda(['create', '--dry-run', '--json', '--offline', '-n', 'dry', 'libzlib'])

  it('index.json without repodata_record.json: a dry run writes the record, missing files stay missing', async () => {
    unlinkSync(join(pkg, 'info', 'repodata_record.json'))
    unlinkSync(join(pkg, LICENSE))
    const r = await dryRun()
    expect(r.exitCode, r.stdout).toBe(0)
    expect(JSON.parse(r.stdout).actions.LINK).toEqual([expect.objectContaining({dist_name: DIST})])
    expect(existsSync(join(pkg, 'info', 'repodata_record.json'))).toBe(true)
    expect(existsSync(join(pkg, LICENSE))).toBe(false)
    // the package now counts as extracted: a create links from it and fails verification, like conda
    const create = await conda(['create', '-y', '--offline', '-n', 'broken', 'libzlib'])
    expect(create.exitCode).toBe(1)
    expect(create.stderr).toContain(
      `CondaVerificationError: The package for libzlib located at ${pkg}\nappears to be corrupted. The path '${LICENSE}'\nspecified in the package manifest cannot be found.`,
    )
  })

  it('neither repodata_record.json nor index.json: the directory is removed and the tarball extracted again', async () => {
    unlinkSync(join(pkg, 'info', 'repodata_record.json'))
    unlinkSync(join(pkg, 'info', 'index.json'))
    unlinkSync(join(pkg, LICENSE))
    writeFileSync(join(pkg, 'leftover'), '')
    const r = await dryRun()
    expect(r.exitCode, r.stdout).toBe(0)
    expect(existsSync(join(pkg, 'leftover'))).toBe(false)
    expect(existsSync(join(pkg, LICENSE))).toBe(true)
    expect(existsSync(join(pkg, 'info', 'repodata_record.json'))).toBe(true)
  })

  it('a tarball without its directory is extracted; a directory without index.json or tarball is left alone', async () => {
    rmSync(pkg, {recursive: true})
    const stray = join(root, 'pkgs', 'stray-1.0-0')
    writeFileSync(join(root, 'pkgs', 'notes.txt'), '')
    await runDouble('mkdir', ['-p', join(stray, 'info')])
    const r = await dryRun()
    expect(r.exitCode, r.stdout).toBe(0)
    expect(existsSync(join(pkg, 'info', 'repodata_record.json'))).toBe(true)
    expect(readdirSync(stray)).toEqual(['info'])
  })

  it('an unreadable tarball with nothing extracted is removed', async () => {
    rmSync(pkg, {recursive: true})
    writeFileSync(join(root, 'pkgs', `${DIST}.tar.bz2`), 'not an archive')
    await dryRun()
    expect(existsSync(join(root, 'pkgs', `${DIST}.tar.bz2`))).toBe(false)
  })

  it('a plain `conda list` does not load the cache', async () => {
    unlinkSync(join(pkg, 'info', 'repodata_record.json'))
    expect((await conda(['list', '-n', 'warm'])).exitCode).toBe(0)
    expect(existsSync(join(pkg, 'info', 'repodata_record.json'))).toBe(false)
  })
})

describe('a process that loads pkgs/ while another extracts collides with it', () => {
  let dir: string
  let root: string
  let world: string
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'double-cachecollide-'))
    // libzlib's one file is written empty, then filled 3 s later, then repodata_record.json 3 s after that
    world = writeWorld(dir, tinyWorld({delays: {extractMs: 9000}}))
    root = await installRoot({base: dir, name: 'root', condaVersion: '26.7.1', world})
  })
  afterEach(() => rmSync(dir, {recursive: true, force: true}))

  const pkg = () => join(root, 'pkgs', DIST)
  /** Starts a cold create of libzlib and resolves once it is extracting (info/ written, files not yet). */
  const extracting = async () => {
    let child: ChildProcess | undefined
    const run = runDouble(join(root, 'bin', 'conda'), ['create', '-y', '-q', '-n', 'filler', 'libzlib'], {
      world,
      onSpawn: (c) => (child = c),
    })
    await until(() => existsSync(join(pkg(), 'info', 'extract-token')) && existsSync(join(pkg(), 'info', 'index.json')))
    return {run, kill: () => child?.kill('SIGTERM')}
  }

  it('an offline create started meanwhile takes the half-extracted package for complete and fails verifying it', async () => {
    const filler = await extracting()
    const b = await runDouble(join(root, 'bin', 'conda'), ['create', '-y', '--offline', '-n', 'b', 'libzlib'], {world})
    expect(b.exitCode).toBe(1)
    expect(b.stderr).toMatch(CORRUPTED)
    expect(existsSync(join(root, 'envs', 'b', 'conda-meta', `${DIST}.json`))).toBe(false)
    // the extracting process itself finishes
    const a = await filler.run
    expect(a.exitCode, a.stderr).toBe(0)
  }, 40_000)

  it('a dry run started meanwhile succeeds but marks the half-extracted package complete: kill the extraction and the cache is poisoned', async () => {
    const filler = await extracting()
    const dry = await runDouble(
      join(root, 'bin', 'conda'),
      ['create', '--dry-run', '--json', '--offline', '-n', 'd', 'libzlib'],
      {world},
    )
    expect(dry.exitCode, dry.stdout).toBe(0)
    expect(JSON.parse(dry.stdout)).toMatchObject({success: true, dry_run: true})
    // still being extracted, yet complete by conda's (and a cache check's) reading
    expect(existsSync(join(pkg(), 'info', 'extract-token'))).toBe(true)
    expect(existsSync(join(pkg(), 'info', 'repodata_record.json'))).toBe(true)
    filler.kill()
    expect((await filler.run).signal).toBe('SIGTERM')
    writeFileSync(world, JSON.stringify(tinyWorld()))
    const next = await runDouble(join(root, 'bin', 'conda'), ['create', '-y', '-n', 'next', 'libzlib'], {world})
    expect(next.exitCode).toBe(1)
    expect(next.stderr).toMatch(CORRUPTED)
    // removing the package directory (the tarball stays) repairs it: the next load extracts it again
    rmSync(pkg(), {recursive: true})
    const repaired = await runDouble(join(root, 'bin', 'conda'), ['create', '-y', '-q', '-n', 'next', 'libzlib'], {
      world,
    })
    expect(repaired.exitCode, repaired.stderr).toBe(0)
  }, 40_000)
})
