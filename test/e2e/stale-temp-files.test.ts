/**
 * Issue 8.8c: a run killed between writing a temp file and renaming it (export's `.NAME.yml.condamig-tmp-PID-HEX`)
 * left it behind for good. The next mutating run, under the lock, removes condamig's own stale temp files in the
 * dirs it writes — only names of its temp pattern, only regular files, only older than its taking of the lock and
 * written by a process that is gone. Everything else stays.
 */
import {type ChildProcess, spawn} from 'node:child_process'
import {existsSync, mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs'
import {join, relative} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'

import {deadPid} from '../integration/system/fixtures/os-fixtures.js'
import {makeBase, SAMPLE, tmpDir} from '../support/make-base.js'
import {runCli} from '../support/run-cli.js'

const live: ChildProcess[] = []
afterEach(() => {
  for (const child of live.splice(0)) child.kill('SIGKILL')
})

const hex = () =>
  Math.floor(Math.random() * 0xffffffff)
    .toString(16)
    .padStart(8, '0')
const HOUR_AGO = new Date(Date.now() - 3600_000)

/** A temp file as a killed condamig (pid) leaves it: `.NAME.condamig-tmp-PID-HEX`, written an hour ago. */
const plantTemp = (dir: string, name: string, pid: number, when = HOUR_AGO): string => {
  mkdirSync(dir, {recursive: true})
  const path = join(dir, `.${name}.condamig-tmp-${pid}-${hex()}`)
  writeFileSync(path, 'name: half\ndependencies:\n  - pyth')
  utimesSync(path, when, when)
  return path
}

describe('issue 8.8c: stale temp files of killed runs', () => {
  it('export removes those a gone process left in the dirs condamig writes, and nothing else', async () => {
    // Given a base where killed runs left temp files in env_specs/, its .history/, reports/, BASE and .condamig/
    const sample = await makeBase(tmpDir(), SAMPLE)
    const {base} = sample
    const specs = join(base, 'env_specs')
    const dead = await deadPid()
    const stale = [
      plantTemp(specs, 'py311.yml', dead),
      plantTemp(join(specs, '.history'), 'py311.20261126T120000Z.yml', dead),
      plantTemp(join(base, 'reports'), 'replicate-latest.csv', dead),
      plantTemp(base, 'condamig.ini', dead),
      plantTemp(join(base, '.condamig'), 'lock', dead),
    ]
    // and things that must stay: a live process's temp, one written "after" the lock was taken, a symlink and a
    // directory with temp names, a name that is not condamig's pattern, and a real spec
    const sleeper = spawn('sleep', ['300'])
    live.push(sleeper)
    await new Promise((resolve) => setTimeout(resolve, 100))
    const outside = join(sample.dir, 'outside.txt')
    writeFileSync(outside, 'not condamig’s')
    const kept = [
      plantTemp(specs, 'withpip.yml', sleeper.pid ?? 0, new Date()),
      plantTemp(specs, 'py38.yml', dead, new Date(Date.now() + 3600_000)),
      join(specs, `.link.yml.condamig-tmp-${dead}-${hex()}`),
      join(specs, `.dir.yml.condamig-tmp-${dead}-${hex()}`),
      join(specs, `.py311.yml.condamig-tmp-x`),
      join(specs, 'notes.yml'),
    ]
    symlinkSync(outside, kept[2] ?? '')
    mkdirSync(kept[3] ?? '')
    writeFileSync(kept[4] ?? '', 'x')
    writeFileSync(kept[5] ?? '', 'x')

    // When the next mutating run (export) takes the lock
    const run = await runCli(['export', '--base', base], {env: sample.env})

    // Then every stale temp file is gone, and said so; everything else is still there
    expect(run.exitCode).toBe(0)
    for (const path of stale) expect(existsSync(path), relative(base, path)).toBe(false)
    for (const path of kept) expect(existsSync(path), relative(base, path)).toBe(true)
    expect(readFileSync(outside, 'utf8')).toBe('not condamig’s')
    expect(run.stderr).toContain(`removed ${stale.length} temporary file(s) an interrupted run left behind: `)
    for (const path of stale) expect(run.stderr).toContain(relative(base, path))
    // and the export itself wrote whole specs
    expect(readFileSync(join(specs, 'py311.yml'), 'utf8')).toMatch(/^name: py311\n/)
  })
})
