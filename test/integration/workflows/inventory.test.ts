import {chownSync, lstatSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync} from 'node:fs'
import {userInfo} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import Inventory from '../../../commands/inventory.js'
import {inventory, type InventoryEnv, type InventoryResult} from '../../../src/workflows/inventory.js'
import {
  hashTree,
  makeBase,
  runCommand,
  type SampleBase,
  SAMPLE,
  tmpDir,
  workflowContext,
} from '../../support/make-base.js'

const INI = `[environments]
# production kernels
py311 = REPLICATE
withpip = replicate
py38 = export
old_not_used = export
`

/** Apparent size of the regular files and links under `dir`, each inode once (how `du --apparent-size` counts). */
const apparentSize = (dir: string, seen = new Set<string>()): number =>
  readdirSync(dir).reduce((sum, name) => {
    const stats = lstatSync(join(dir, name))
    if (stats.isDirectory()) return sum + apparentSize(join(dir, name), seen)
    const key = `${stats.dev}:${stats.ino}`
    if (seen.has(key)) return sum
    seen.add(key)
    return sum + stats.size
  }, 0)

/** The newest mtime of the env dir, its conda-meta/ and conda-meta/history. */
const newestChange = (dir: string): string =>
  new Date(
    Math.max(...[dir, join(dir, 'conda-meta'), join(dir, 'conda-meta', 'history')].map((p) => statSync(p).mtimeMs)),
  ).toISOString()

const ME = userInfo().username
const HANDMADE_TIME = new Date('2024-01-02T03:04:05.000Z')

let sample: SampleBase
let envs: string
beforeAll(async () => {
  // Given the sample base, a kernel of every kind, an env made by hand (known size and time) and two env
  // directories whose names condamig must not handle
  sample = await makeBase(
    tmpDir(),
    {
      ...SAMPLE,
      ini: INI,
      envsLink: true,
      kernels: {
        py311: {python: 'envs/py311/bin/python'},
        hand: {python: 'current/envs/handmade/bin/python'},
        pinned: {python: 'v23/envs/py38/bin/python'},
        ghost: {python: 'current/envs/ghost/bin/python'},
        broken: {raw: '{"argv": ['},
        system: {python: '/usr/bin/python3'},
      },
    },
    {cleanup: 'manual'},
  )
  envs = join(sample.root('v23'), 'envs')
  const handmade = join(envs, 'handmade')
  mkdirSync(join(handmade, 'conda-meta'), {recursive: true})
  writeFileSync(join(handmade, 'conda-meta', 'history'), 'h'.repeat(100))
  writeFileSync(join(handmade, 'data.bin'), Buffer.alloc(1000))
  for (const path of [join(handmade, 'conda-meta', 'history'), join(handmade, 'conda-meta'), handmade]) {
    utimesSync(path, HANDMADE_TIME, HANDMADE_TIME)
  }

  mkdirSync(join(envs, 'my env', 'conda-meta'), {recursive: true})
  mkdirSync(join(envs, '-dash', 'conda-meta'), {recursive: true})
})
afterAll(() => sample?.cleanup())

const seeded = (name: string, action: InventoryEnv['action'], kernels: string[]): InventoryEnv => ({
  name,
  action,
  sizeBytes: apparentSize(join(envs, name)),
  owner: ME,
  lastChange: newestChange(join(envs, name)),
  kernels,
})

const expected = (): InventoryResult => ({
  base: sample.base,
  current: {target: 'v23', root: sample.root('v23')},
  environments: [
    {
      name: 'handmade',
      action: null,
      sizeBytes: 1100,
      owner: ME,
      lastChange: HANDMADE_TIME.toISOString(),
      kernels: ['hand'],
    },
    seeded('py311', 'REPLICATE', ['py311']),
    seeded('py38', 'export', ['pinned']),
    seeded('withpip', 'REPLICATE', []),
  ],
  notInInventory: ['handmade'],
  missingOnDisk: [{name: 'old_not_used', line: 6}],
  invalidNames: [
    {name: '-dash', problem: "starts with '-' (conda would read it as an option)"},
    {name: 'my env', problem: 'contains whitespace'},
  ],
  warnings: [
    expect.stringMatching(/^kernel broken: unreadable kernel\.json: .+ \(.+\/kernels\/broken\/kernel\.json\)$/),
    'kernel ghost points at env ghost, which does not exist',
    'kernel hand uses env handmade, which is not marked REPLICATE: it will break after cutover',
    'kernel pinned uses env py38, which is not marked REPLICATE: it will break after cutover',
    `kernel pinned is pinned to root v23 (${sample.base}/v23/envs/py38/bin/python): it will keep running the old root`,
    `${envs}/-dash: skipped, starts with '-' (conda would read it as an option)`,
    `${envs}/my env: skipped, contains whitespace`,
  ],
})

describe('inventory (read-only)', () => {
  it('lists every env of current with action, size, owner, last change and the kernels using it', async () => {
    // When the inventory is taken
    const result = await inventory(workflowContext(sample.base), {write: false})

    // Then every valid env is listed, ini differences and kernel problems are reported
    expect(result).toEqual(expected())
    expect(result.environments.find((env) => env.name === 'py311')?.sizeBytes).toBeGreaterThan(
      result.environments.find((env) => env.name === 'py38')?.sizeBytes ?? Infinity,
    )
  })

  it('prints the same result as one JSON document with --json, and changes nothing', async () => {
    const before = hashTree(sample.base)

    const run = await runCommand(Inventory, ['--base', sample.base, '--json'])

    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual(expected())
    expect(hashTree(sample.base)).toBe(before)
  })

  // only root can give a directory to a uid that has no user name
  it.runIf(process.getuid?.() === 0)('names the owner by uid when the uid has no user name', async () => {
    const orphan = join(envs, 'orphan')
    mkdirSync(join(orphan, 'conda-meta'), {recursive: true})
    chownSync(orphan, 54321, 54321)
    try {
      const result = await inventory(workflowContext(sample.base), {write: false})

      expect(result.environments.find((env) => env.name === 'orphan')?.owner).toBe('54321')
    } finally {
      rmSync(orphan, {recursive: true})
    }
  })

  it('prints a human table by default, naming what differs from the ini', async () => {
    const run = await runCommand(Inventory, ['--base', sample.base])

    expect(run.exitCode).toBe(0)
    const lines = run.stdout.split('\n')
    expect(lines[0]).toBe(`current -> v23: 4 environment(s) in ${sample.root('v23')}/envs`)
    expect(lines).toContain('  handmade')
    expect(lines).toContain('  old_not_used (line 6)')
    expect(lines.find((line) => line.startsWith('handmade '))).toMatch(
      new RegExp(`^handmade +\\(not in ini\\) +1\\.1 KiB +${ME} +2024-01-02 03:04 +hand$`),
    )
  })
})
