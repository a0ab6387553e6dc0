/**
 * Issue 8 point 4, through the CLI: a co-admin (a real second user in the base's group) links a spec, an override,
 * meta.json, kernel.json or a report to a file only root may read (the secret, standing for /etc/shadow), to make
 * condamig (root) copy it somewhere group-readable or print a line of it into a report, a log or its output.
 * condamig reads those only as regular files inside BASE (or a configured place): each link is refused with one line
 * (exit 3), no byte of the secret lands anywhere, and an archived spec is never more readable than the original.
 */
import {chmodSync, chownSync, existsSync, lstatSync, readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {cliWithWatchdog, expectRefusal, filesWithSecret, makeAttackBase} from '../support/attack-base.js'
import {type CoAdmin, coAdminSkip, makeCoAdmin} from '../support/co-admin.js'
import {specYaml} from '../support/qa-base.js'

let co: CoAdmin | undefined
beforeAll(() => {
  co = coAdminSkip === undefined ? makeCoAdmin() : undefined
})
afterAll(() => co?.remove())

const outsideLine = (file: string, secret: string, base: string, what: string) =>
  `${file} leads to ${secret}, outside ${base}: condamig does not read the ${what} there`

describe.skipIf(coAdminSkip !== undefined)('a co-admin links a file only root may read into BASE', () => {
  it('export: env_specs/NAME.yml -> secret is refused (exit 3), never archived into env_specs/.history/', async () => {
    const b = await makeAttackBase(co)
    const spec = join(b.base, 'env_specs', 'py38.yml')
    b.plant(['rm', spec])
    b.plant(['ln', '-s', b.secret, spec])
    const before = b.secretHash()

    const run = await cliWithWatchdog(['export', '--base', b.base], b.env)

    expect(filesWithSecret(b.base)).toEqual([])
    expect(b.secretHash()).toBe(before)
    expectRefusal(run, 3, outsideLine(spec, b.secret, b.base, 'spec'))
    expect(existsSync(join(b.base, 'env_specs', '.history'))).toBe(false)
    expect(lstatSync(spec).isSymbolicLink()).toBe(true) // left for the admin to see
  })

  for (const command of ['replicate', 'plan']) {
    it(`${command}: env_specs/overrides/NAME.yml -> secret is refused (exit 3): no line of it in a report or log`, async () => {
      const b = await makeAttackBase(co)
      const override = join(b.base, 'env_specs', 'overrides', 'py38.yml')
      b.plant(['mkdir', join(b.base, 'env_specs', 'overrides')])
      b.plant(['ln', '-s', b.secret, override])

      const run = await cliWithWatchdog([command, '--base', b.base], b.env, 60_000)

      expect(filesWithSecret(b.base)).toEqual([])
      expectRefusal(run, 3, outsideLine(override, b.secret, b.base, 'spec override'))
      expect(readdirSync(join(b.base, 'reports'))).toEqual([])
    })
  }

  it('plan: env_specs/NAME.meta.json -> secret is refused (exit 3)', async () => {
    const b = await makeAttackBase(co)
    const meta = join(b.base, 'env_specs', 'py38.meta.json')
    b.plant(['ln', '-s', b.secret, meta])

    const run = await cliWithWatchdog(['plan', '--base', b.base], b.env)

    expectRefusal(run, 3, outsideLine(meta, b.secret, b.base, 'export metadata'))
  })

  it('inventory: kernels/NAME/kernel.json -> secret is refused (exit 3), no line of it printed', async () => {
    const b = await makeAttackBase(co)
    const kernel = join(b.base, 'kernels', 'k38', 'kernel.json')
    b.plant(['rm', kernel])
    b.plant(['ln', '-s', b.secret, kernel])

    const run = await cliWithWatchdog(['inventory', '--base', b.base], b.env)

    expectRefusal(run, 3, outsideLine(kernel, b.secret, b.base, 'kernel spec'))
  })

  it('replicate --retry-failed: reports/replicate-latest.csv -> secret is refused (exit 3)', async () => {
    const b = await makeAttackBase(co)
    const latest = join(b.base, 'reports', 'replicate-latest.csv')
    b.plant(['ln', '-s', b.secret, latest])
    const before = b.secretHash()

    const run = await cliWithWatchdog(['replicate', '--retry-failed', '--base', b.base], b.env)

    expect(b.secretHash()).toBe(before)
    expectRefusal(run, 3, outsideLine(latest, b.secret, b.base, 'report'))
  })
})

describe.skipIf(coAdminSkip !== undefined)('an archived spec keeps the original’s mode at most', () => {
  it('export: a 0600 spec of the co-admin’s that changes is archived 0600 with its owner, not 0664', async () => {
    const b = await makeAttackBase(co)
    const spec = join(b.base, 'env_specs', 'py38.yml')
    writeFileSync(spec, specYaml('py38', ['python=3.7'])) // differs from what export writes: it is archived
    chownSync(spec, co!.uid, co!.gid)
    chmodSync(spec, 0o600)

    const run = await cliWithWatchdog(['export', '--base', b.base], b.env)

    expect(run.exitCode, run.stderr).toBe(0)
    const [archived, ...more] = readdirSync(join(b.base, 'env_specs', '.history'))
    expect(more).toEqual([])
    const stats = lstatSync(join(b.base, 'env_specs', '.history', archived!))
    expect({mode: (stats.mode & 0o7777).toString(8), uid: stats.uid, gid: stats.gid}).toEqual({
      mode: '600',
      uid: co!.uid,
      gid: co!.gid,
    })
  })
})
