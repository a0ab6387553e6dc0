import {chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import {hashTree, makeBase, type SampleBase, tmpDir} from '../support/make-base.js'
import {type CliResult, runCli} from '../support/run-cli.js'

/**
 * Bad input everywhere (issue 2), as a user meets it: each case gets ONE line naming the thing (a refusal may add one
 * `hint:` line), the contract's exit code, and changes nothing. One CLI process per case (a start costs seconds on a
 * busy machine), alternating `inventory --write` and `export`; every case against both commands, in-process, is in
 * test/integration/workflows/inventory-and-export-bad-input.test.ts.
 */

const INI = '[environments]\npy38 = REPLICATE\n'

let sample: SampleBase
let base: string
beforeAll(async () => {
  sample = await makeBase(
    tmpDir(),
    {roots: {v23: {condaVersion: '23.7.4', envs: {py38: {conda: ['python=3.8']}}}}, current: 'v23', ini: INI},
    {cleanup: 'manual'},
  )
  base = sample.base
})
afterAll(() => sample?.cleanup())
afterEach(() => {
  const ini = join(base, 'condamig.ini')
  rmSync(ini, {recursive: true, force: true})
  writeFileSync(ini, INI)
  rmSync(join(base, 'current'), {recursive: true, force: true})
  symlinkSync('v23', join(base, 'current'))
  rmSync(join(base, 'vbroken'), {recursive: true, force: true})
})

const cli = (argv: string[]) => runCli(argv, {env: sample.env})

const inventoryWrite = () => cli(['inventory', '--base', base, '--write'])
const exportAll = () => cli(['export', '--base', base])

/** The error line, then at most one hint line; nothing on stdout. */
const expectOneLine = (run: CliResult, exitCode: number, line: string) => {
  expect(run.exitCode).toBe(exitCode)
  expect(run.stdout).toBe('')
  const [first, ...rest] = run.stderr.trimEnd().split('\n')
  expect(first).toBe(line)
  expect(rest.length).toBeLessThanOrEqual(1)
  for (const hint of rest) expect(hint).toMatch(/^ {2}hint: /)
}

describe('bad input', () => {
  // root reads a file whatever its mode, so this case only runs as another user
  it.skipIf(process.getuid?.() === 0)('a condamig.ini without read permission: exit 2 naming it', async () => {
    const ini = join(base, 'condamig.ini')
    chmodSync(ini, 0o000)
    const before = hashTree(base)

    const run = await exportAll()

    expectOneLine(run, 2, `condamig: ${ini}: cannot read the inventory: EACCES: permission denied, open '${ini}'`)
    expect(hashTree(base)).toBe(before)
  })

  it('a condamig.ini that cannot be read (a directory): exit 2 naming it, nothing changed', async () => {
    const ini = join(base, 'condamig.ini')
    rmSync(ini)
    mkdirSync(ini)
    const before = hashTree(base)

    const run = await exportAll()

    expectOneLine(
      run,
      2,
      `condamig: ${ini} is a directory, not a regular file: condamig reads the inventory only from a regular file`,
    )
    expect(hashTree(base)).toBe(before)
  })

  it('a condamig.ini with a bad value: exit 2 naming file:line:value, nothing changed', async () => {
    writeFileSync(join(base, 'condamig.ini'), '[environments]\n# keep\npy38 = REPLICATE!\n')
    const before = hashTree(base)

    const run = await inventoryWrite()

    expectOneLine(
      run,
      2,
      `condamig: ${base}/condamig.ini:3: 'REPLICATE!' is not an action for 'py38' (use REPLICATE or export)`,
    )
    expect(hashTree(base)).toBe(before)
  })

  it('a current that is not a symlink: exit 3, nothing changed', async () => {
    rmSync(join(base, 'current'))
    mkdirSync(join(base, 'current'))
    const before = hashTree(base)

    const run = await exportAll()

    expectOneLine(run, 3, `condamig: ${base}/current is not a symlink: condamig needs current -> <root>`)
    expect(hashTree(base)).toBe(before)
  })

  it('a dangling current: exit 3 naming the link and its target, nothing changed; status says so', async () => {
    rmSync(join(base, 'current'))
    symlinkSync('v99', join(base, 'current'))
    const before = hashTree(base)

    const [run, status] = await Promise.all([inventoryWrite(), cli(['status', '--base', base])])

    expectOneLine(run, 3, `condamig: ${base}/current -> v99 does not resolve`)
    expect(status.exitCode).toBe(0)
    expect(status.stdout).toContain('  current -> v99 (DANGLING)\n')
    expect(hashTree(base)).toBe(before)
  })

  it('a current root without bin/conda: exit 3 naming the root, nothing changed', async () => {
    mkdirSync(join(base, 'vbroken', 'conda-meta'), {recursive: true})
    mkdirSync(join(base, 'vbroken', 'envs', 'py38', 'conda-meta'), {recursive: true})
    rmSync(join(base, 'current'))
    symlinkSync('vbroken', join(base, 'current'))
    const before = hashTree(base)

    const run = await exportAll()

    expectOneLine(run, 3, `condamig: current -> vbroken: ${base}/vbroken is not a conda root (no bin/conda)`)
    expect(hashTree(base)).toBe(before)
  })

  it('a base without current: exit 2 (wrong --base), nothing changed', async () => {
    rmSync(join(base, 'current'))
    const before = hashTree(base)

    const run = await inventoryWrite()

    expectOneLine(
      run,
      2,
      `condamig: ${base}/current does not exist: ${base} is not a shared installation (expected current -> <root>)`,
    )
    expect(hashTree(base)).toBe(before)
  })

  it('a --base that does not exist: exit 2 naming it', async () => {
    const missing = join(base, 'no-such-dir')

    const run = await cli(['status', '--base', missing])

    expectOneLine(run, 2, `condamig: --base ${missing}: no such directory`)
  })
})
