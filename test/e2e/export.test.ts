import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {ExportResult} from '../../src/workflows/export.js'
import {hashTree, makeBase, SAMPLE, type SampleBase, tmpDir} from '../support/make-base.js'
import {runCli} from '../support/run-cli.js'

let sample: SampleBase
let specs: string
beforeAll(async () => {
  sample = await makeBase(tmpDir(), SAMPLE, {cleanup: 'manual'})
  specs = join(sample.base, 'env_specs')
})
afterAll(() => sample?.cleanup())

describe('condamig export', () => {
  it('exports every inventoried env with --parallel: summary on stdout, progress on stderr, current untouched', async () => {
    const current = hashTree(sample.root('v23'))

    const run = await runCli(['export', '--base', sample.base, '--parallel', '2'], {env: sample.env})

    expect(run.exitCode).toBe(0)
    expect(run.stdout.split('\n')[0]).toBe(`exported 3 of 3 environment(s) from v23 (conda 23.7.4) into ${specs}`)
    expect(run.stdout).not.toContain('✔')
    expect(run.stderr).toContain('withpip — export')
    for (const name of ['py311', 'withpip', 'py38']) {
      expect(readFileSync(join(specs, `${name}.yml`), 'utf8')).toMatch(new RegExp(`^name: ${name}\\n`))
      expect(existsSync(join(specs, `${name}.meta.json`))).toBe(true)
    }
    expect(hashTree(sample.root('v23'))).toBe(current)
  })

  it('exports the others when an inventoried env is gone, exits 1 and says which in the JSON document', async () => {
    writeFileSync(join(sample.base, 'condamig.ini'), `${SAMPLE.ini}ghost = export\n`)

    const run = await runCli(['export', '--base', sample.base, '--json'], {env: sample.env})

    expect(run.exitCode).toBe(1)
    const result = JSON.parse(run.stdout) as ExportResult
    expect(result.environments.map((env) => [env.name, env.status])).toEqual([
      ['py311', 'ok'],
      ['withpip', 'ok'],
      ['py38', 'ok'],
      ['ghost', 'failed'],
    ])
    expect(result.environments[3]?.error).toBe(
      `${join(sample.root('v23'), 'envs', 'ghost')} does not exist (or has no conda-meta/): nothing to export`,
    )
    expect(readdirSync(specs).filter((file) => file.startsWith('ghost'))).toEqual([])
  })

  it('refuses an --env that is not inventoried: exit 2, nothing written', async () => {
    writeFileSync(join(sample.base, 'condamig.ini'), SAMPLE.ini ?? '')
    const before = hashTree(sample.base)

    const run = await runCli(['export', '--base', sample.base, '--env', 'nosuch'], {env: sample.env})

    expect(run.exitCode).toBe(2)
    expect(run.stderr).toBe(`condamig: --env nosuch: not in ${join(sample.base, 'condamig.ini')}\n`)
    expect(hashTree(sample.base)).toBe(before)
  })
})
