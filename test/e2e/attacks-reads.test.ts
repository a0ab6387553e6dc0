/**
 * Issue 8 point 1, through the CLI: a co-admin (a real second user in the base's group) puts a FIFO, a device or a
 * link to /dev/zero where condamig (root) expects a file: a spec, an override, condamig.ini, the noarch list,
 * meta.json, kernel.json, a report read back, the journal. Each blocked condamig forever; now each is one line
 * naming it, exit 2 (not a regular file) or 3 (a link leading out of BASE), without blocking, nothing changed.
 */
import {execFileSync} from 'node:child_process'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {type AttackBase, cliWithWatchdog, expectRefusal, makeAttackBase, safeTreeHash} from '../support/attack-base.js'
import {type CoAdmin, coAdminSkip, makeCoAdmin} from '../support/co-admin.js'

let co: CoAdmin | undefined
beforeAll(() => {
  co = coAdminSkip === undefined ? makeCoAdmin() : undefined
})
afterAll(() => co?.remove())

const notRegular = (file: string, kind: string, what: string) =>
  `${file} is ${kind}, not a regular file: condamig reads the ${what} only from a regular file`

type Case = {
  name: string
  ini?: string
  plant: (b: AttackBase) => string
  argv: string[]
  exitCode: number
  line: (file: string) => string | RegExp
}

const cases: Case[] = [
  {
    name: 'a FIFO as env_specs/NAME.yml (plan)',
    plant: (b) => fifo(b, join(b.base, 'env_specs', 'py38.yml'), true),
    argv: ['plan'],
    exitCode: 2,
    line: (f) => notRegular(f, 'a FIFO', 'spec'),
  },
  {
    name: 'a FIFO as env_specs/overrides/NAME.yml (replicate)',
    plant: (b) => {
      b.plant(['mkdir', join(b.base, 'env_specs', 'overrides')])
      return fifo(b, join(b.base, 'env_specs', 'overrides', 'py38.yml'))
    },
    argv: ['replicate'],
    exitCode: 2,
    line: (f) => notRegular(f, 'a FIFO', 'spec override'),
  },
  {
    name: 'a FIFO as condamig.ini (inventory)',
    plant: (b) => fifo(b, join(b.base, 'condamig.ini'), true),
    argv: ['inventory'],
    exitCode: 2,
    line: (f) => notRegular(f, 'a FIFO', 'inventory'),
  },
  {
    name: 'a FIFO as the noarch_packages file (plan)',
    ini: '[environments]\npy38 = REPLICATE\n[condamig]\nnoarch_packages = noarch.txt\n',
    plant: (b) => fifo(b, join(b.base, 'noarch.txt')),
    argv: ['plan'],
    exitCode: 2,
    line: (f) => notRegular(f, 'a FIFO', 'noarch package list'),
  },
  {
    name: 'a FIFO as env_specs/NAME.meta.json (plan)',
    plant: (b) => fifo(b, join(b.base, 'env_specs', 'py38.meta.json')),
    argv: ['plan'],
    exitCode: 2,
    line: (f) => notRegular(f, 'a FIFO', 'export metadata'),
  },
  {
    name: 'a FIFO as kernels/NAME/kernel.json (inventory)',
    plant: (b) => fifo(b, join(b.base, 'kernels', 'k38', 'kernel.json'), true),
    argv: ['inventory'],
    exitCode: 2,
    line: (f) => notRegular(f, 'a FIFO', 'kernel spec'),
  },
  {
    name: 'a FIFO as reports/replicate-latest.csv (replicate --retry-failed)',
    plant: (b) => fifo(b, join(b.base, 'reports', 'replicate-latest.csv')),
    argv: ['replicate', '--retry-failed'],
    exitCode: 2,
    line: (f) => notRegular(f, 'a FIFO', 'report'),
  },
  {
    name: 'a FIFO as .condamig/history.jsonl (rollback --yes)',
    plant: (b) => fifo(b, join(b.base, '.condamig', 'history.jsonl')),
    argv: ['rollback', '--yes'],
    exitCode: 2,
    line: (f) => notRegular(f, 'a FIFO', 'journal'),
  },
  {
    name: 'env_specs/NAME.yml -> /dev/zero (plan)',
    plant: (b) => link(b, '/dev/zero', join(b.base, 'env_specs', 'py38.yml')),
    argv: ['plan'],
    exitCode: 3,
    line: (f) => `${f} leads to /dev/zero, outside ${f.split('/env_specs/')[0]}: condamig does not read the spec there`,
  },
  {
    name: 'condamig.ini -> /dev/zero (export)',
    plant: (b) => link(b, '/dev/zero', join(b.base, 'condamig.ini')),
    argv: ['export'],
    exitCode: 3,
    line: (f) =>
      `${f} leads to /dev/zero, outside ${f.replace(/\/condamig\.ini$/, '')}: condamig does not read the inventory there`,
  },
]

/** Replaces `file` by a FIFO the co-admin makes (when `replace`, the file was there: the co-admin removes it). */
const fifo = (b: AttackBase, file: string, replace = false): string => {
  if (replace) b.plant(['rm', '-f', file])
  b.plant(['mkfifo', file])
  return file
}

const link = (b: AttackBase, target: string, file: string): string => {
  b.plant(['rm', '-f', file])
  b.plant(['ln', '-s', target, file])
  return file
}

describe.skipIf(coAdminSkip !== undefined)('a co-admin plants what is not a regular file where condamig reads', () => {
  it.each(cases)('$name: one line naming it, exit $exitCode, no block, nothing changed', async (attack) => {
    const b = await makeAttackBase(co, attack.ini)
    const file = attack.plant(b)
    const before = safeTreeHash(b.base)

    const run = await cliWithWatchdog([...attack.argv, '--base', b.base], b.env)

    expectRefusal(run, attack.exitCode, attack.line(file))
    expect(run.ms).toBeLessThan(20_000) // the CLI's start dominates; the refusal itself is immediate
    expect(safeTreeHash(b.base)).toBe(before)
  })
})

describe.skipIf(process.getuid?.() !== 0)('a device node where a spec should be', () => {
  it('a character device as env_specs/NAME.yml (plan): exit 2 naming it', async () => {
    const b = await makeAttackBase(undefined)
    const file = join(b.base, 'env_specs', 'py38.yml')
    execFileSync('rm', [file])
    execFileSync('mknod', [file, 'c', '1', '5']) // /dev/zero's numbers: reading it never ends
    const before = safeTreeHash(b.base)

    const run = await cliWithWatchdog(['plan', '--base', b.base], b.env)

    expectRefusal(run, 2, notRegular(file, 'a character device', 'spec'))
    expect(safeTreeHash(b.base)).toBe(before)
  })
})

describe.skipIf(coAdminSkip !== undefined)('a FIFO as the qa root .condarc', () => {
  it('plan does not block: the unreadable .condarc counts as absent (conda built-in defaults)', async () => {
    const b = await makeAttackBase(co)
    fifo(b, join(b.base, 'v26', '.condarc'), true)

    const run = await cliWithWatchdog(['plan', '--base', b.base, '--json'], b.env)

    expect(run.signal).toBeNull()
    expect(run.exitCode).toBe(0)
    expect((JSON.parse(run.stdout) as {defaults: {from: string}}).defaults.from).toBe('built-in')
  })
})

describe.skipIf(coAdminSkip !== undefined)('status on a base with a FIFO planted as meta.json', () => {
  it('does not block: it names the FIFO in a warning and reports the rest (exit 0)', async () => {
    const b = await makeAttackBase(co)
    const meta = fifo(b, join(b.base, 'env_specs', 'py38.meta.json'))

    const run = await cliWithWatchdog(['status', '--base', b.base, '--json'], b.env)

    expect(run.signal, 'killed by the watchdog: status blocked').toBeNull()
    expect(run.exitCode, run.stderr).toBe(0)
    expect((JSON.parse(run.stdout) as {warnings: string[]}).warnings).toContain(
      notRegular(meta, 'a FIFO', 'export metadata'),
    )
  })
})
