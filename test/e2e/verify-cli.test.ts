import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {doubleEnv, seedEnv} from '../support/double.js'
import {makeQaBase, specYaml, writeSpec} from '../support/qa-base.js'
import {runCli} from '../support/run-cli.js'

/** qa -> v26 holding `good` (as its spec says) and `bad` (pandas drifted); current -> v23 holds both. */
const makeBase = async () => {
  const qa = await makeQaBase()
  writeFileSync(join(qa.newRoot, '.condarc'), 'channels:\n  - defaults\n')
  await seedEnv(qa.oldRoot, 'good', {conda: ['python=3.11.7', 'numpy=1.26.4']})
  await seedEnv(qa.newRoot, 'good', {conda: ['python=3.11.7', 'numpy=1.26.4']})
  await seedEnv(qa.oldRoot, 'bad', {conda: ['python=3.10.13', 'pandas=1.5.3']})
  await seedEnv(qa.newRoot, 'bad', {conda: ['python=3.10.13', 'pandas=2.1.4']})
  writeSpec(qa.base, 'good', specYaml('good', ['python=3.11.7', 'numpy=1.26.4']))
  writeSpec(qa.base, 'bad', specYaml('bad', ['python=3.10.13', 'pandas=1.5.3']))
  return {...qa, env: doubleEnv(qa.world)}
}

const ini = (base: string, envs: string) => writeFileSync(join(base, 'condamig.ini'), `[environments]\n${envs}`)

describe('condamig verify from the command line', () => {
  it('exits 0 and prints one JSON document when every check passes', async () => {
    const qa = await makeBase()
    ini(qa.base, 'good = REPLICATE\nbad = export\n')
    const result = await runCli(['verify', '--base', qa.base, '--json'], {env: qa.env})
    expect(result.exitCode).toBe(0)
    const doc = JSON.parse(result.stdout)
    expect(Object.keys(doc)).toEqual(['base', 'qa', 'current', 'environments', 'summary', 'report', 'warnings'])
    expect(doc).toMatchObject({
      base: qa.base,
      qa: {root: 'v26', dir: join(qa.base, 'v26')},
      current: {root: 'v23'},
      summary: {total: 1, ok: 1, failed: 0, skipped: 0},
      report: {latest: join(qa.base, 'reports', 'verify-latest.csv')},
      warnings: [],
    })
    expect(doc.environments[0].checks.map((c: {check: string; status: string}) => [c.check, c.status])).toEqual([
      ['python', 'ok'],
      ['imports', 'ok'],
      ['drift', 'ok'],
      ['tests', 'skipped'],
    ])
  })

  it('exits 1 when an env fails, and says why', async () => {
    const qa = await makeBase()
    ini(qa.base, 'good = REPLICATE\nbad = REPLICATE\n')
    const result = await runCli(['verify', '--base', qa.base], {env: qa.env})
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain('1 ok, 1 failed')
    expect(result.stdout).toContain('pandas: qa 2.1.4, spec 1.5.3, current 1.5.3')
  })

  it('exits 2 for an --env that is not inventoried, 3 without qa', async () => {
    const qa = await makeBase()
    ini(qa.base, 'good = REPLICATE\n')
    const unknown = await runCli(['verify', '--base', qa.base, '--env', 'nosuch'], {env: qa.env})
    expect(unknown.exitCode).toBe(2)
    const {rmSync} = await import('node:fs')
    rmSync(join(qa.base, 'qa'))
    const noQa = await runCli(['verify', '--base', qa.base, '--json'], {env: qa.env})
    expect(noQa.exitCode).toBe(3)
    expect(JSON.parse(noQa.stdout).error.code).toBe('qa.missing')
  })
})
