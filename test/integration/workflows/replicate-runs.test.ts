import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {readCsvReport} from '../../../src/system/csv-report.js'
import {replicate, type ReplicateOptions} from '../../../src/workflows/replicate.js'
import {seedEnv} from '../../support/double.js'
import {hashTree} from '../../support/make-base.js'
import {makeQaBase, specYaml, syntheticWorld, testContext, writeIni, writeSpec} from '../../support/qa-base.js'

const run = (base: string, options: Partial<ReplicateOptions> = {}) =>
  replicate(testContext(base), {envs: [], retryFailed: false, dryRun: false, keepFailed: false, ...options})

describe('replicate runs', () => {
  it('never writes inside the current root', async () => {
    const qa = await makeQaBase()
    await seedEnv(qa.oldRoot, 'py311', {conda: ['python=3.11', 'numpy=1.26'], world: qa.world})
    writeIni(qa.base, {py311: 'REPLICATE', other: 'REPLICATE'})
    writeSpec(qa.base, 'py311', specYaml('py311', ['python=3.11.7', 'numpy=1.26.4']))
    writeSpec(qa.base, 'other', specYaml('other', ['python=3.11.7', 'nosuchpkg']))
    const before = hashTree(qa.oldRoot)

    const result = await run(qa.base)

    expect(result.summary).toMatchObject({ok: 1, failed: 1})
    expect(hashTree(qa.oldRoot)).toBe(before)
  })

  it('--retry-failed redoes only the failed envs of the latest report, even after a spreadsheet re-save', async () => {
    // Given a run where one env failed
    const qa = await makeQaBase()
    writeIni(qa.base, {good: 'REPLICATE', bad: 'REPLICATE'})
    writeSpec(qa.base, 'good', specYaml('good', ['python=3.11.7']))
    writeSpec(qa.base, 'bad', specYaml('bad', ['python=3.11.7', 'numpy=1.99.0']))
    const first = await run(qa.base)
    expect(first.summary).toMatchObject({ok: 1, failed: 1})
    // and the report re-saved by a spreadsheet: BOM, CRLF, columns reordered, an extra column
    const latest = join(qa.base, 'reports', 'replicate-latest.csv')
    const rows = readCsvReport(latest)
    const resaved = [
      '\uFEFFstatus,triage notes,environment',
      ...rows.map((r) => `${r.status},"look, here",${r.environment}`),
    ]
    writeFileSync(latest, `${resaved.join('\r\n')}\r\n`)
    // and the admin's fix for the failed env
    writeSpec(qa.base, 'bad', specYaml('bad', ['python=3.11.7', 'numpy=1.26.4']), {override: true})

    const retry = await run(qa.base, {retryFailed: true})

    expect(retry.outcomes.map((o) => [o.environment, o.status])).toEqual([['bad', 'ok']])
    expect(readFileSync(join(qa.base, retry.outcomes[0]?.log ?? ''), 'utf8')).toContain('env_specs/overrides/bad.yml')
    // the run over a subset updates just its rows: replicate-latest.csv still has every REPLICATE env (CONTRACT §4)
    expect(readCsvReport(latest).map((r) => [r.environment, r.status])).toEqual([
      ['good', 'ok'],
      ['bad', 'ok'],
    ])
    expect(readCsvReport(retry.report?.path ?? '').map((r) => r.environment)).toEqual(['bad'])
  })

  it('uses an override as written and refuses a spec older than min_python up front', async () => {
    const qa = await makeQaBase()
    writeIni(qa.base, {py38: 'REPLICATE', fixed: 'REPLICATE'}, {min_python: '3.10'})
    writeSpec(qa.base, 'py38', specYaml('py38', ['python=3.8.18', 'numpy=1.21.6']))
    writeSpec(qa.base, 'fixed', specYaml('fixed', ['python=3.8.18']))
    writeSpec(qa.base, 'fixed', 'name: fixed\nchannels:\n  - defaults\ndependencies:\n  - python=3.11.5\n', {
      override: true,
    })

    const result = await run(qa.base)

    const byName = Object.fromEntries(result.outcomes.map((o) => [o.environment, o]))
    expect(byName.py38).toMatchObject({status: 'failed', failure: {stage: 'spec', category: 'unsatisfiable'}})
    expect(byName.py38?.failure?.remediation).toMatch(/overrides\/py38\.yml|min_python/)
    expect(existsSync(join(qa.newRoot, 'envs', 'py38'))).toBe(false)
    expect(byName.fixed?.status).toBe('ok')
    const python = readdirSync(join(qa.newRoot, 'envs', 'fixed', 'conda-meta')).filter((f) => f.startsWith('python-3'))
    expect(python).toEqual([expect.stringMatching(/^python-3\.11\.5-/)])
  })

  it('--dry-run builds nothing, writes no report and lists the exact commands', async () => {
    const qa = await makeQaBase()
    writeIni(qa.base, {withpip: 'REPLICATE'})
    writeSpec(qa.base, 'withpip', specYaml('withpip', ['python=3.11.7', 'pip'], ['hlink-client==1.0.0']))

    const result = await run(qa.base, {dryRun: true})

    expect(result.outcomes[0]?.status).toBe('skipped')
    expect(existsSync(join(qa.newRoot, 'envs', 'withpip'))).toBe(false)
    expect(existsSync(join(qa.base, 'reports'))).toBe(false)
    expect(existsSync(join(qa.base, 'logs'))).toBe(false)
    const prefix = join(qa.newRoot, 'envs', 'withpip')
    expect(result.commands?.map((c) => c.slice(1, 6))).toEqual([
      ['create', '-y', '--json', '-p', prefix],
      ['create', '-y', '--json', '-p', prefix],
      ['create', '-y', '--json', '-p', prefix],
      ['-m', 'pip', 'install', '--disable-pip-version-check', '-r'],
    ])
    expect(result.commands?.[0]).toContain('--dry-run')
    expect(result.commands?.[1]).toContain('--download-only')
    expect(result.commands?.[2]).toContain('--offline')
  })

  it('stops an env that runs out of its --timeout, reports category timeout and removes its prefix', async () => {
    const qa = await makeQaBase({
      world: syntheticWorld({failures: [{command: 'create', env: 'slow', stage: 'link', action: 'hang'}]}),
    })
    writeIni(qa.base, {slow: 'REPLICATE'})
    writeSpec(qa.base, 'slow', specYaml('slow', ['python=3.11.7']))

    const result = await run(qa.base, {flags: {timeoutS: 2}})

    expect(result.outcomes[0]).toMatchObject({status: 'failed', failure: {stage: 'create', category: 'timeout'}})
    expect(existsSync(join(qa.newRoot, 'envs', 'slow'))).toBe(false)
  })
})
