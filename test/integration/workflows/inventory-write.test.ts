import {existsSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {hostname} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import Inventory from '../../../commands/inventory.js'
import {acquireLock} from '../../../src/system/lock.js'
import {inventory} from '../../../src/workflows/inventory.js'
import {hashTree, makeBase, runCommand, type SampleBase, tmpDir, workflowContext} from '../../support/make-base.js'
import {PKG_ROOT} from '../../support/run-cli.js'

const ISRDI = `[environments]
# v4.3 environments as of 2020-10-19
# keep
hlink = REPLICATE
nhis_reformat = REPLICATE
super_important_jupyter_kernel = REPLICATE
# do not migrate
old_not_used = export
`

/** `result` minus the lines of `added`, in order: equal to the original when nothing else was touched. */
const withoutAdded = (result: string, added: string[]): string => {
  const lines = result.split('\n')
  const at = lines.indexOf(added[0] ?? '')
  expect(at).toBeGreaterThan(0)
  expect(lines.slice(at, at + added.length)).toEqual(added)
  // the blank spacer line before the dated comment goes with the block
  const start = lines[at - 1] === '' ? at - 1 : at
  return [...lines.slice(0, start), ...lines.slice(at + added.length)].join('\n')
}

describe('inventory --write', () => {
  let isrdi: SampleBase
  let ini: string
  beforeAll(async () => {
    // Given the ISRDI installation: the four envs of the write-up's ini (one deleted since) plus one new env
    const env = {conda: ['python=3.10']}
    isrdi = await makeBase(
      tmpDir(),
      {
        roots: {
          'v4.3': {
            condaVersion: '23.7.4',
            envs: {hlink: env, nhis_reformat: env, super_important_jupyter_kernel: env, newenv: env},
          },
        },
        current: 'v4.3',
      },
      {cleanup: 'manual'},
    )
    ini = join(isrdi.base, 'condamig.ini')
  })
  afterAll(() => isrdi?.cleanup())

  it('merges the new env under a dated comment and keeps every byte of the ISRDI file', async () => {
    writeFileSync(ini, ISRDI)

    // When --write runs
    const result = await inventory(workflowContext(isrdi.base), {write: true})

    // Then the file is the original plus one dated block, and nothing else moved
    const text = readFileSync(ini, 'utf8')
    const block = ['# added by condamig inventory --write on 2026-11-26', 'newenv = export']
    expect(text).toBe(`${ISRDI}\n${block.join('\n')}\n`)
    expect(withoutAdded(text, block)).toBe(ISRDI)
    expect(result.written).toEqual({file: ini, created: false, added: ['newenv']})
    expect(result.missingOnDisk).toEqual([{name: 'old_not_used', line: 8}])
    expect(existsSync(join(isrdi.base, '.condamig', 'lock'))).toBe(false)
  })

  it('changes nothing on a second run (the file is not even rewritten)', async () => {
    writeFileSync(ini, ISRDI)
    await inventory(workflowContext(isrdi.base), {write: true})
    const first = readFileSync(ini, 'utf8')
    const {ino, mtimeMs} = statSync(ini)

    const again = await inventory(workflowContext(isrdi.base, {now: () => new Date('2026-12-01T00:00:00Z')}), {
      write: true,
    })

    expect(readFileSync(ini, 'utf8')).toBe(first)
    expect(statSync(ini)).toMatchObject({ino, mtimeMs})
    expect(again.written).toEqual({file: ini, created: false, added: []})
    expect(again.notInInventory).toEqual([])
  })

  it('creates condamig.ini from the template when there is none, every env as export', async () => {
    rmSync(ini, {force: true})

    const result = await inventory(workflowContext(isrdi.base), {write: true})

    const header = readFileSync(join(PKG_ROOT, 'templates', 'inventory-header.ini'), 'utf8')
      .replace('{base}', isrdi.base)
      .replace('{today}', '2026-11-26')
    const lines = ['hlink', 'newenv', 'nhis_reformat', 'super_important_jupyter_kernel'].map((n) => `${n} = export`)
    expect(readFileSync(ini, 'utf8')).toBe(
      `${header}# added by condamig inventory --write on 2026-11-26\n${lines.join('\n')}\n`,
    )
    expect(header).toMatch(/\n\[environments\]\n$/)
    expect(result.written).toEqual({
      file: ini,
      created: true,
      added: ['hlink', 'newenv', 'nhis_reformat', 'super_important_jupyter_kernel'],
    })
  })

  it.each([
    ['a bad value', 'hlink = REPLICATE\nnewenv = keep\n', /condamig\.ini:3: 'keep' is not an action for 'newenv'/],
    [
      'a bad name',
      'hlink = REPLICATE\n../etc = export\n',
      /condamig\.ini:3: '\.\.\/etc' is not a valid environment name/,
    ],
    ['a line without =', 'hlink = REPLICATE\nnewenv export\n', /condamig\.ini:3: 'newenv export' is not 'key = value'/],
  ])('refuses an ini with %s: exit 2, one line naming file:line:value, nothing changed', async (_, body, message) => {
    writeFileSync(ini, `[environments]\n${body}`)
    const before = hashTree(isrdi.base)

    const run = await runCommand(Inventory, ['--base', isrdi.base, '--write'])

    expect(run.exitCode).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(message)])
    expect(run.stderr).toContain(`condamig: ${ini}:3: `)
    expect(hashTree(isrdi.base)).toBe(before)
  })

  it('refuses --write while another process holds the lock: exit 3 naming the holder, nothing changed', async () => {
    writeFileSync(ini, ISRDI)
    const lock = await acquireLock(join(isrdi.base, '.condamig', 'lock'), {
      command: 'condamig replicate --parallel 4',
      user: 'alice',
      host: hostname(),
    })
    try {
      const before = hashTree(isrdi.base)

      const run = await runCommand(Inventory, ['--base', isrdi.base, '--write', '--json'])

      expect(run.exitCode).toBe(3)
      const error = (JSON.parse(run.stdout) as {error: {code: string; message: string; exitCode: number}}).error
      expect(error).toMatchObject({code: 'lock.held', exitCode: 3})
      expect(error.message).toContain(
        `is held by alice@${hostname()} (pid ${process.pid}, 'condamig replicate --parallel 4'`,
      )
      expect(hashTree(isrdi.base)).toBe(before)
      expect(readFileSync(ini, 'utf8')).toBe(ISRDI)
    } finally {
      lock.release()
    }
  })
})
