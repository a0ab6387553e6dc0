/**
 * Issue 8.2 through the CLI, on a real small tmpfs: a full disk never leaves a cut file in place of a whole one.
 * Before: `inventory --write` with a few KB free left condamig.ini at 4096 of 21,278 bytes — every section gone — and
 * exited 0; a replicate report was left cut mid-record. Now: exit 3, one line naming the file and what to do, the
 * old file byte-identical, no `*.condamig-tmp-*` left anywhere.
 */
import {readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {fillUp, freeBytes, mountTmpfs, unmount} from '../integration/system/fixtures/os-fixtures.js'
import {makeBase, SAMPLE, tmpDir} from '../support/make-base.js'
import {makeQaBase, specYaml, writeIni, writeSpec} from '../support/qa-base.js'
import {runCli} from '../support/run-cli.js'

/** Every path under `dir` that is one of condamig's temp files. */
const tempsUnder = (dir: string): string[] =>
  readdirSync(dir, {recursive: true, encoding: 'utf8'}).filter((name) => name.includes('.condamig-tmp-'))

/** The ini of the issue: ~21 KB (sections and long comments), with `scratch` missing, so --write has to add it. */
const BIG_INI = [
  '[environments]',
  ...Array.from(
    {length: 120},
    (_, i) => `# env${i}: kept for the 2019 IPUMS extract pipeline, ask the data team first`,
  ),
  'py311 = REPLICATE',
  'withpip = REPLICATE',
  'py38 = export',
  '',
  '[condamig]',
  'parallel = 2',
  ...Array.from({length: 150}, (_, i) => `# note ${i}: channels and noarch packages reviewed, nothing to change here`),
  '',
].join('\n')

/** A sample base (with an env `scratch` the ini does not list) built on a tmpfs of its own. */
const baseOnTmpfs = async (t: {skip: (reason: string) => void; onTestFinished: (fn: () => void) => void}) => {
  const dir = tmpDir('condamig-full-')
  const skip = mountTmpfs(dir, '4m')
  t.onTestFinished(() => {
    if (!skip) unmount(dir)
    rmSync(dir, {recursive: true, force: true})
  })
  if (skip) {
    t.skip(skip.skip)
    return undefined
  }
  const roots = {v23: {condaVersion: '23.7.4', envs: {...SAMPLE.roots.v23?.envs, scratch: {conda: ['python=3.10']}}}}
  const sample = await makeBase(dir, {...SAMPLE, roots, qa: undefined, ini: BIG_INI}, {cleanup: 'manual'})
  return {dir, sample, ini: join(sample.base, 'condamig.ini')}
}

describe('issue 8.2: inventory --write on a full disk', () => {
  it('with a few KB free: exit 3, one line naming condamig.ini, the old ini byte-identical, no temp file', async (t) => {
    // Given a 21 KB ini on a filesystem with two pages left (one for the lock, one for a short write)
    const made = await baseOnTmpfs(t)
    if (!made) return
    const {dir, sample, ini} = made
    expect(BIG_INI.length).toBeGreaterThan(20_000)
    const before = readFileSync(ini)
    fillUp(dir, 8192)
    expect(freeBytes(dir)).toBe(8192)

    // When inventory --write merges `scratch` in
    const run = await runCli(['inventory', '--base', sample.base, '--write'], {env: sample.env})

    // Then it is refused with one line that names the file and says what to do
    expect(run.exitCode).toBe(3)
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      `condamig: cannot write ${ini}: no space left on its filesystem (ENOSPC); the file is unchanged — free some space there and run again`,
    ])
    expect(run.stderr).not.toContain('internal error')
    // and the ini is byte for byte what it was; no temp file and no lock are left
    expect(readFileSync(ini).equals(before)).toBe(true)
    expect(tempsUnder(dir)).toEqual([])
    expect(readdirSync(join(sample.base, '.condamig'))).toEqual([])
  })

  it('with nothing free: exit 3, one line naming the lock, nothing written', async (t) => {
    const made = await baseOnTmpfs(t)
    if (!made) return
    const {dir, sample, ini} = made
    const before = readFileSync(ini)
    fillUp(dir, 0)

    const run = await runCli(['inventory', '--base', sample.base, '--write', '--json'], {env: sample.env})

    expect(run.exitCode).toBe(3)
    const lock = join(sample.base, '.condamig', 'lock')
    expect(JSON.parse(run.stdout)).toEqual({
      error: {
        code: 'write.no-space',
        message: `cannot write ${lock}: no space left on its filesystem (ENOSPC); no lock was taken — free some space there and run again`,
        exitCode: 3,
      },
    })
    expect(readFileSync(ini).equals(before)).toBe(true)
    expect(tempsUnder(dir)).toEqual([])
  })
})

describe('issue 8.2: replicate with its reports on a full filesystem', () => {
  it('exit 3, one line naming the report, replicate-latest.csv byte-identical, no temp file', async (t) => {
    // Given a qa base whose reports/ is a full 64 KiB tmpfs holding the latest report of an earlier run
    const qa = await makeQaBase()
    writeIni(qa.base, {a: 'REPLICATE'})
    writeSpec(qa.base, 'a', specYaml('a', ['python=3.11.7']))
    const reports = join(qa.base, 'reports')
    const skip = mountTmpfs(reports, '64k')
    if (skip) return t.skip(skip.skip)
    t.onTestFinished(() => unmount(reports))
    const latest = join(reports, 'replicate-latest.csv')
    const old =
      'environment,status,stage,category,packages,message,remediation,log,duration_s\r\na,failed,solve,unsatisfiable,x,y,z,l,1\r\n'
    writeFileSync(latest, old)
    fillUp(reports, 0)

    // When replicate builds the env and writes its report
    const run = await runCli(['replicate', '--base', qa.base])

    // Then it is refused in one line naming the report it could not write
    expect(run.exitCode).toBe(3)
    const last = run.stderr
      .trimEnd()
      .split('\n')
      .filter((line) => line.startsWith('condamig:'))
    expect(last).toEqual([
      expect.stringMatching(
        new RegExp(
          `^condamig: cannot write ${reports}/replicate-\\d{8}T\\d{6}Z\\.csv: no space left on its filesystem \\(ENOSPC\\); the file is unchanged — free some space there and run again$`,
        ),
      ),
    ])
    expect(run.stderr).not.toContain('internal error')
    // and the latest report is the old one, whole; no temp file stays in reports/
    expect(readFileSync(latest, 'utf8')).toBe(old)
    expect(tempsUnder(reports)).toEqual([])
  })
})
