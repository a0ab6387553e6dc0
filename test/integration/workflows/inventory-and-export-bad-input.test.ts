import {chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import Export from '../../../commands/export.js'
import Inventory from '../../../commands/inventory.js'
import {type CommandRun, hashTree, makeBase, runCommand, type SampleBase, tmpDir} from '../../support/make-base.js'

/**
 * Every bad input of issue 2 against both mutating commands, in-process (test/e2e/bad-input.test.ts meets each case
 * once as a user does): one line naming the thing (a refusal may add one `hint:` line), the exit code, nothing changed.
 */

const INI = '[environments]\npy38 = REPLICATE\n'

let sample: SampleBase
let base: string
let ini: string
beforeAll(async () => {
  sample = await makeBase(
    tmpDir(),
    {roots: {v23: {condaVersion: '23.7.4', envs: {py38: {conda: ['python=3.8']}}}}, current: 'v23', ini: INI},
    {cleanup: 'manual'},
  )
  base = sample.base
  ini = join(base, 'condamig.ini')
})
afterAll(() => sample?.cleanup())
afterEach(() => {
  rmSync(ini, {recursive: true, force: true})
  writeFileSync(ini, INI)
  rmSync(join(base, 'current'), {recursive: true, force: true})
  symlinkSync('v23', join(base, 'current'))
  rmSync(join(base, 'vbroken'), {recursive: true, force: true})
})

const repoint = (target: string) => {
  rmSync(join(base, 'current'), {recursive: true, force: true})
  symlinkSync(target, join(base, 'current'))
}

/** Runs `inventory --write` and `export`, one after the other, and checks the base is untouched by both. */
const bothCommands = async (): Promise<CommandRun[]> => {
  const before = hashTree(base)
  const runs = [
    await runCommand(Inventory, ['--base', base, '--write']),
    await runCommand(Export, ['--base', base, '--env', 'py38']),
  ]
  expect(hashTree(base)).toBe(before)
  return runs
}

const expectOneLine = (runs: CommandRun[], exitCode: number, line: string) => {
  for (const run of runs) {
    expect(run.exitCode).toBe(exitCode)
    expect(run.stdout).toBe('')
    const [first, ...rest] = run.stderr.trimEnd().split('\n')
    expect(first).toBe(line)
    expect(rest.length).toBeLessThanOrEqual(1)
    for (const hint of rest) expect(hint).toMatch(/^ {2}hint: /)
  }
}

describe('bad input, inventory --write and export', () => {
  it.skipIf(process.getuid?.() === 0)('an ini without read permission: exit 2', async () => {
    chmodSync(ini, 0o000)
    expectOneLine(
      await bothCommands(),
      2,
      `condamig: ${ini}: cannot read the inventory: EACCES: permission denied, open '${ini}'`,
    )
  })

  it('an ini that cannot be read (a directory): exit 2', async () => {
    rmSync(ini)
    mkdirSync(ini)
    expectOneLine(
      await bothCommands(),
      2,
      `condamig: ${ini} is a directory, not a regular file: condamig reads the inventory only from a regular file`,
    )
  })

  it.each([
    ['a bad value', 'py38 = yes', `'yes' is not an action for 'py38' (use REPLICATE or export)`],
    [
      'a bad name',
      'py38/../.. = export',
      `'py38/../..' is not a valid environment name: contains a path separator (it could escape envs/)`,
    ],
    ['a line without =', 'py38 REPLICATE', `'py38 REPLICATE' is not 'key = value' (no '=')`],
    [
      'a name with a leading -',
      '-n = export',
      `'-n' is not a valid environment name: starts with '-' (conda would read it as an option)`,
    ],
  ])('an ini with %s: exit 2 naming file:line:value', async (_, line, message) => {
    writeFileSync(ini, `[environments]\n# a comment\n${line}\n`)
    expectOneLine(await bothCommands(), 2, `condamig: ${ini}:3: ${message}`)
  })

  it('a current that is not a symlink: exit 3', async () => {
    rmSync(join(base, 'current'))
    mkdirSync(join(base, 'current'))
    expectOneLine(
      await bothCommands(),
      3,
      `condamig: ${base}/current is not a symlink: condamig needs current -> <root>`,
    )
  })

  it('a dangling current: exit 3', async () => {
    repoint('v99')
    expectOneLine(await bothCommands(), 3, `condamig: ${base}/current -> v99 does not resolve`)
  })

  it('a current root without bin/conda: exit 3', async () => {
    mkdirSync(join(base, 'vbroken', 'conda-meta'), {recursive: true})
    mkdirSync(join(base, 'vbroken', 'envs', 'py38', 'conda-meta'), {recursive: true})
    repoint('vbroken')
    expectOneLine(
      await bothCommands(),
      3,
      `condamig: current -> vbroken: ${base}/vbroken is not a conda root (no bin/conda)`,
    )
  })

  it('a base without current: exit 2', async () => {
    rmSync(join(base, 'current'))
    expectOneLine(
      await bothCommands(),
      2,
      `condamig: ${base}/current does not exist: ${base} is not a shared installation (expected current -> <root>)`,
    )
  })
})
