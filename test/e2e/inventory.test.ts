import {readFileSync, writeFileSync} from 'node:fs'
import {hostname} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {acquireLock} from '../../src/system/lock.js'
import type {InventoryResult} from '../../src/workflows/inventory.js'
import {hashTree, makeBase, SAMPLE, type SampleBase, tmpDir} from '../support/make-base.js'
import {runCli} from '../support/run-cli.js'

let sample: SampleBase
let ini: string
beforeAll(async () => {
  // Given the sample base and one env (scratch) that the ini does not list
  sample = await makeBase(
    tmpDir(),
    {
      ...SAMPLE,
      roots: {
        ...SAMPLE.roots,
        v23: {condaVersion: '23.7.4', envs: {...SAMPLE.roots.v23?.envs, scratch: {conda: ['python=3.10']}}},
      },
    },
    {cleanup: 'manual'},
  )
  ini = join(sample.base, 'condamig.ini')
})
afterAll(() => sample?.cleanup())

describe('condamig inventory', () => {
  it('prints one JSON document for the base named by $CONDAMIG_BASE, and nothing on stderr', async () => {
    const run = await runCli(['inventory', '--json'], {env: {...sample.env, CONDAMIG_BASE: sample.base}})

    expect(run.exitCode).toBe(0)
    expect(run.stderr).toBe('')
    const result = JSON.parse(run.stdout) as InventoryResult
    expect(result.current).toEqual({target: 'v23', root: join(sample.base, 'v23')})
    expect(result.environments.map((env) => [env.name, env.action])).toEqual([
      ['py311', 'REPLICATE'],
      ['py38', 'export'],
      ['scratch', null],
      ['withpip', 'REPLICATE'],
    ])
    expect(result.notInInventory).toEqual(['scratch'])
  })

  it('--write adds the new env as export once, keeping the file as it was around it', async () => {
    writeFileSync(ini, SAMPLE.ini ?? '')

    const first = await runCli(['inventory', '--base', sample.base, '--write'], {env: sample.env})
    const after = readFileSync(ini, 'utf8')
    const second = await runCli(['inventory', '--base', sample.base, '--write'], {env: sample.env})

    expect(first.exitCode).toBe(0)
    expect(first.stdout.trimEnd().split('\n').at(-1)).toBe(`updated ${ini}: added scratch as export`)
    const original = SAMPLE.ini ?? ''
    expect(after.slice(0, original.length)).toBe(original)
    expect(after.slice(original.length)).toMatch(
      /^\n# added by condamig inventory --write on \d{4}-\d{2}-\d{2}\nscratch = export\n$/,
    )
    expect(second.exitCode).toBe(0)
    expect(second.stdout.trimEnd().split('\n').at(-1)).toBe(`${ini}: nothing new to add`)
    expect(readFileSync(ini, 'utf8')).toBe(after)
  })

  it('refuses --write while another process holds the lock: exit 3 naming the holder', async () => {
    writeFileSync(ini, SAMPLE.ini ?? '')
    const lock = await acquireLock(join(sample.base, '.condamig', 'lock'), {
      command: 'condamig replicate',
      user: 'alice',
      host: hostname(),
    })
    try {
      const before = hashTree(sample.base)

      const run = await runCli(['inventory', '--base', sample.base, '--write'], {env: sample.env})

      expect(run.exitCode).toBe(3)
      expect(run.stdout).toBe('')
      expect(run.stderr.split('\n')[0]).toMatch(
        new RegExp(
          `^condamig: .*/\\.condamig/lock is held by alice@${hostname()} \\(pid ${process.pid}, 'condamig replicate', since `,
        ),
      )
      expect(hashTree(sample.base)).toBe(before)
    } finally {
      lock.release()
    }
  })
})
