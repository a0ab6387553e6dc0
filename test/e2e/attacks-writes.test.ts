/**
 * Issue 8 point 3, through the CLI: a co-admin (a real second user in the base's group) plants links where condamig
 * (root) writes, to make it overwrite or append to a file it should not (the root-only secret, standing for
 * /etc/shadow): run log folders made in advance (their names are a predictable second), the install log, the
 * journal, and directory links out of BASE for logs/, reports/, .condamig/, env_specs/. Each is refused with one
 * line naming it (exit 3); the secret is byte-for-byte and mode-for-mode unchanged, nothing is written through.
 */
import {execFileSync} from 'node:child_process'
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {reportTimestamp} from '../../src/system/csv-report.js'
import {
  type AttackBase,
  cliWithWatchdog,
  expectRefusal,
  filesWithSecret,
  makeAttackBase,
} from '../support/attack-base.js'
import {type CoAdmin, coAdminSkip, makeCoAdmin} from '../support/co-admin.js'
import {installerPath} from '../support/double.js'
import {specYaml} from '../support/qa-base.js'

let co: CoAdmin | undefined
beforeAll(() => {
  co = coAdminSkip === undefined ? makeCoAdmin() : undefined
})
afterAll(() => co?.remove())

/** The run ids of the next `seconds` seconds (and the last two): where a co-admin expects the next run's logs. */
const comingRunIds = (seconds = 150): string[] =>
  Array.from({length: seconds + 2}, (_, i) => reportTimestamp(new Date(Date.now() + (i - 2) * 1000)))

/** The co-admin makes `parent(id)/` for each coming run id, with `name` in it linked to the secret. */
const prepareRunDirs = (b: AttackBase, parent: (id: string) => string, name: string) =>
  b.plant([
    'sh',
    '-c',
    comingRunIds()
      .map((id) => `mkdir -p '${parent(id)}' && ln -s '${b.secret}' '${join(parent(id), name)}'`)
      .join(' && '),
  ])

describe.skipIf(coAdminSkip !== undefined)('a co-admin plants links where condamig writes', () => {
  it('replicate: run folders made in advance with NAME.log -> secret: refused (exit 3), the secret untouched', async () => {
    const b = await makeAttackBase(co)
    b.plant(['mkdir', '-p', join(b.base, 'logs', 'replicate')])
    prepareRunDirs(b, (id) => join(b.base, 'logs', 'replicate', id), 'py38.log')
    const before = b.secretHash()

    const run = await cliWithWatchdog(['replicate', '--base', b.base], b.env, 60_000)

    expect(b.secretHash()).toBe(before)
    expect(filesWithSecret(b.base)).toEqual([])
    expectRefusal(
      run,
      3,
      /logs\/replicate\/\d{8}T\d{6}Z already exists and is not this run's \(owned by uid \d+\): condamig does not write there$/,
    )
  })

  it('verify: logs/verify-<second>/ made in advance with NAME.log -> secret: refused (exit 3), the secret untouched', async () => {
    const b = await makeAttackBase(co)
    prepareRunDirs(b, (id) => join(b.base, 'logs', `verify-${id}`), 'py38.log')
    const before = b.secretHash()

    const run = await cliWithWatchdog(['verify', '--base', b.base], b.env, 60_000)

    expect(b.secretHash()).toBe(before)
    expectRefusal(run, 3, /logs\/verify-\d{8}T\d{6}Z already exists and is not this run's \(owned by uid \d+\)/)
  })

  it('install: logs/install-NAME.log -> secret: refused (exit 3), the secret untouched', async () => {
    const b = await makeAttackBase(co)
    const log = join(b.base, 'logs', 'install-v30.log')
    b.plant(['ln', '-s', b.secret, log])
    const before = b.secretHash()

    const run = await cliWithWatchdog(['install', installerPath('26.7.1'), '--name', 'v30', '--base', b.base], b.env)

    expect(b.secretHash()).toBe(before)
    expectRefusal(
      run,
      3,
      `${log} is a symlink (-> ${b.secret}) where condamig writes the log: refused, nothing written through it`,
    )
  })

  for (const command of [
    ['cutover', '--yes', '--allow-failures'],
    ['rollback', '--yes'],
  ]) {
    it(`${command[0]}: .condamig/history.jsonl -> secret: refused (exit 3), nothing appended to the secret`, async () => {
      const b = await makeAttackBase(co)
      const journal = join(b.base, '.condamig', 'history.jsonl')
      b.plant(['ln', '-s', b.secret, journal])
      const before = b.secretHash()

      const run = await cliWithWatchdog([...command, '--base', b.base], b.env)

      expect(b.secretHash()).toBe(before)
      expectRefusal(
        run,
        3,
        `${journal} is a symlink (-> ${b.secret}): condamig does not read the journal through a link`,
      )
      expect(readdirSync(b.base).sort()).toContain('v23') // and current still points where it did
    })
  }

  for (const [dir, argv] of [
    ['logs', ['replicate']],
    ['reports', ['replicate']],
    ['.condamig', ['export']],
    ['env_specs', ['export']],
  ] as const) {
    it(`${argv[0]}: ${dir}/ -> a directory outside BASE: refused (exit 3), nothing written there`, async () => {
      const b = await makeAttackBase(co)
      b.plant(['rm', '-rf', join(b.base, dir)])
      b.plant(['ln', '-s', b.away, join(b.base, dir)])

      const run = await cliWithWatchdog([...argv, '--base', b.base], b.env, 60_000)

      expect(readdirSync(b.away)).toEqual([])
      expectRefusal(
        run,
        3,
        `${join(b.base, dir)} is a symlink to ${b.away}, outside ${b.base}: refused, nothing was done`,
      )
    })
  }

  it('export: specs_dir naming a place outside BASE is the admin’s choice: the spec is written there', async () => {
    const b = await makeAttackBase(co)
    const ini = `[environments]\npy38 = REPLICATE\n[condamig]\nspecs_dir = ${b.away}\n`
    b.plant(['sh', '-c', `printf '%s' '${ini}' > '${join(b.base, 'condamig.ini')}'`])

    const run = await cliWithWatchdog(['export', '--base', b.base], b.env)

    expect(run.exitCode, run.stderr).toBe(0)
    expect(readFileSync(join(b.away, 'py38.yml'), 'utf8')).toContain('name: py38')
  })
})

describe.skipIf(coAdminSkip !== undefined)('a link planted in a run folder of root’s own', () => {
  it('replicate: NAME.requirements.txt -> secret in a run folder root made: refused (exit 3) before any build', async () => {
    const b = await makeAttackBase(co)
    const spec = specYaml('py38', ['python=3.11', 'pip'], ['hlink-client==1.0.0'])
    b.plant(['sh', '-c', `printf '%s' '${spec}' > '${join(b.base, 'env_specs', 'py38.yml')}'`])
    const ids = comingRunIds() // once: both scripts below must name the same folders
    const script = ids
      .map((id) => join(b.base, 'logs', 'replicate', id))
      .map((dir) => `mkdir -p '${dir}' && chgrp ${co!.group} '${dir}' && chmod 2775 '${dir}'`)
      .join(' && ')
    execFileSync('sh', ['-c', script]) // root's folders, group-writable as in a setgid base
    b.plant([
      'sh',
      '-c',
      ids
        .map((id) => `ln -s '${b.secret}' '${join(b.base, 'logs', 'replicate', id, 'py38.requirements.txt')}'`)
        .join(' && '),
    ])
    const before = b.secretHash()

    const run = await cliWithWatchdog(['replicate', '--base', b.base], b.env, 60_000)

    expect(b.secretHash()).toBe(before)
    expectRefusal(
      run,
      3,
      /logs\/replicate\/\d{8}T\d{6}Z\/py38\.requirements\.txt is not a regular file in this run's log folder: refused$/,
    )
    expect(readdirSync(join(b.base, 'v26', 'envs')).filter((e) => !e.startsWith('.'))).toEqual([])
  })
})
