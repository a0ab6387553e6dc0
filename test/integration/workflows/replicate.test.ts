import {existsSync, readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {readCsvReport} from '../../../src/system/csv-report.js'
import {replicate, type ReplicateOptions} from '../../../src/workflows/replicate.js'
import {makeQaBase, specYaml, syntheticWorld, testContext, writeIni, writeSpec} from '../../support/qa-base.js'

const run = (base: string, options: Partial<ReplicateOptions> = {}) =>
  replicate(testContext(base), {envs: [], retryFailed: false, dryRun: false, keepFailed: false, ...options})

const GIT_OK = 'git+file:///opt/conda-example/gitrepos/hlink-private@v0.2.0#egg=hlink-private'

describe('replicate', () => {
  it('builds every REPLICATE env in the qa root and reports one ok row per env', async () => {
    // Given two REPLICATE envs and one export-only env
    const qa = await makeQaBase()
    writeIni(qa.base, {py311: 'REPLICATE', withpip: 'REPLICATE', old: 'export'})
    writeSpec(qa.base, 'py311', specYaml('py311', ['python=3.11.7', 'numpy=1.26.4=py311h_0', 'requests=2.31.0']))
    writeSpec(
      qa.base,
      'withpip',
      specYaml('withpip', ['python=3.11.7', 'pip=23.0.1', 'requests'], ['hlink-client==1.0.0', GIT_OK]),
    )

    // When replicate runs two at a time
    const result = await run(qa.base, {flags: {parallel: 2}})

    // Then both envs exist in qa (the resolved root), built from their repaired specs, with the stamp
    expect(result.outcomes.map((o) => [o.environment, o.status])).toEqual([
      ['py311', 'ok'],
      ['withpip', 'ok'],
    ])
    expect(existsSync(join(qa.newRoot, 'envs', 'py311', 'conda-meta'))).toBe(true)
    expect(existsSync(join(qa.newRoot, 'envs', 'old'))).toBe(false)
    const stamp = JSON.parse(readFileSync(join(qa.newRoot, 'envs', 'py311', '.condamig-replicated.json'), 'utf8'))
    expect(stamp.specHash).toBe(result.outcomes[0]?.specHash)
    const site = readdirSync(join(qa.newRoot, 'envs', 'withpip', 'lib', 'python3.11', 'site-packages'))
    expect(site).toEqual(expect.arrayContaining(['hlink_client-1.0.0.dist-info', 'hlink_private-0.2.0.dist-info']))
    // and the report has one ok row per env, with the log relative to BASE
    const rows = readCsvReport(join(qa.base, 'reports', 'replicate-latest.csv'))
    expect(rows.map((r) => [r.environment, r.status, r.stage, r.category])).toEqual([
      ['py311', 'ok', '', ''],
      ['withpip', 'ok', '', ''],
    ])
    expect(existsSync(join(qa.base, rows[0]?.log ?? 'missing'))).toBe(true)
    expect(readFileSync(join(qa.base, rows[1]?.log ?? ''), 'utf8')).toContain('--offline')
    expect(readFileSync(result.report?.path ?? '', 'utf8')).toBe(readFileSync(result.report?.latest ?? '', 'utf8'))
  })

  it('skips an env already replicated from the same spec, and rebuilds nothing', async () => {
    const qa = await makeQaBase()
    writeIni(qa.base, {py311: 'REPLICATE'})
    writeSpec(qa.base, 'py311', specYaml('py311', ['python=3.11.7']))
    await run(qa.base)
    const before = readFileSync(join(qa.newRoot, 'envs', 'py311', '.condamig-replicated.json'), 'utf8')

    const again = await run(qa.base)

    expect(again.outcomes[0]).toMatchObject({status: 'skipped'})
    expect(again.outcomes[0]?.notes[0]).toMatch(/already replicated from this spec/)
    expect(readFileSync(join(qa.newRoot, 'envs', 'py311', '.condamig-replicated.json'), 'utf8')).toBe(before)
  })

  it('reports each failure category with its stage and packages, and leaves no failed prefix behind', async () => {
    // Given one env per failure the contract names
    const qa = await makeQaBase({
      world: syntheticWorld({
        failures: [
          {
            command: 'install',
            env: 'noarchfail',
            stage: 'start',
            action: 'error',
            exception: 'CondaHTTPError',
            message: 'HTTP 000 CONNECTION FAILED for url <file:///srv/local-noarch>',
          },
        ],
      }),
    })
    writeIni(
      qa.base,
      {
        missing: 'REPLICATE',
        conflict: 'REPLICATE',
        badchannel: 'REPLICATE',
        pipfail: 'REPLICATE',
        gitfail: 'REPLICATE',
        noarchfail: 'REPLICATE',
        good: 'REPLICATE',
      },
      {noarch_packages: 'noarch.txt'},
    )
    const {writeFileSync} = await import('node:fs')
    writeFileSync(join(qa.base, 'noarch.txt'), 'hlink-schemas\n')
    writeSpec(qa.base, 'missing', specYaml('missing', ['python=3.11.7', 'numpy=1.99.0']))
    writeSpec(qa.base, 'conflict', specYaml('conflict', ['python=3.8', 'numpy=1.26']))
    writeSpec(qa.base, 'badchannel', specYaml('badchannel', ['python=3.11'], [], ['conda-forge']))
    writeSpec(qa.base, 'pipfail', specYaml('pipfail', ['python=3.11.7', 'pip'], ['hlink-client==9.9.9']))
    writeSpec(
      qa.base,
      'gitfail',
      specYaml('gitfail', ['python=3.11.7', 'pip'], ['git+file:///opt/conda-example/gitrepos/nosuch@v1#egg=nosuch']),
    )
    writeSpec(qa.base, 'noarchfail', specYaml('noarchfail', ['python=3.11.7', 'hlink-schemas=2.0.0']))
    writeSpec(qa.base, 'good', specYaml('good', ['python=3.11.7']))

    // When replicate runs four at a time
    const result = await run(qa.base, {flags: {parallel: 4}})

    // Then every row says where and why, and only the good env exists in qa
    const rows: Record<string, Record<string, string>> = Object.fromEntries(
      readCsvReport(join(qa.base, 'reports', 'replicate-latest.csv')).map((r) => [r.environment, r]),
    )
    expect(rows.missing).toMatchObject({status: 'failed', stage: 'solve', category: 'missing_package'})
    expect(rows.missing?.packages).toContain('numpy=1.99.0')
    expect(rows.conflict).toMatchObject({status: 'failed', stage: 'solve', category: 'unsatisfiable'})
    expect(rows.badchannel).toMatchObject({status: 'failed', category: 'channel_error'})
    expect(rows.pipfail).toMatchObject({
      status: 'failed',
      stage: 'pip',
      category: 'pip_error',
      packages: 'hlink-client==9.9.9',
    })
    expect(rows.gitfail).toMatchObject({status: 'failed', stage: 'git', category: 'git_manual'})
    expect(rows.gitfail?.packages).toContain('git+file:///opt/conda-example/gitrepos/nosuch')
    expect(rows.noarchfail).toMatchObject({
      status: 'failed',
      stage: 'noarch',
      category: 'noarch_error',
      packages: 'hlink-schemas=2.0.0',
    })
    expect(rows.noarchfail?.remediation).toContain('hlink-schemas=2.0.0')
    expect(rows.good).toMatchObject({status: 'ok'})
    for (const row of Object.values(rows)) {
      if (row.status === 'failed') expect(row.remediation, row.environment).not.toBe('')
    }

    expect(readdirSync(join(qa.newRoot, 'envs')).sort()).toEqual(['good'])
    expect(result.summary).toMatchObject({ok: 1, failed: 6})
    expect(readdirSync(join(qa.base, '.condamig', 'building'))).toEqual([])
  })

  it('keeps a failed prefix with --keep-failed and rebuilds it on the next run', async () => {
    const qa = await makeQaBase()
    writeIni(qa.base, {pipfail: 'REPLICATE'})
    writeSpec(qa.base, 'pipfail', specYaml('pipfail', ['python=3.11.7', 'pip'], ['hlink-client==9.9.9']))

    const kept = await run(qa.base, {keepFailed: true})

    expect(kept.outcomes[0]?.status).toBe('failed')
    expect(existsSync(join(qa.newRoot, 'envs', 'pipfail', 'conda-meta'))).toBe(true)
    // the fixed spec replaces the kept prefix, which condamig knows is its own
    writeSpec(qa.base, 'pipfail', specYaml('pipfail', ['python=3.11.7', 'pip', 'requests'], ['hlink-client==1.0.0']))
    const fixed = await run(qa.base)
    expect(fixed.outcomes[0]?.status).toBe('ok')
  })

  it('never touches a prefix it did not build, and refuses an env replicated from another spec', async () => {
    const qa = await makeQaBase()
    writeIni(qa.base, {foreign: 'REPLICATE', changed: 'REPLICATE'})
    const {mkdirSync, writeFileSync} = await import('node:fs')
    mkdirSync(join(qa.newRoot, 'envs', 'foreign', 'conda-meta'), {recursive: true})
    writeFileSync(join(qa.newRoot, 'envs', 'foreign', 'user-file.txt'), 'mine')
    writeSpec(qa.base, 'foreign', specYaml('foreign', ['python=3.11.7']))
    writeSpec(qa.base, 'changed', specYaml('changed', ['python=3.11.7']))
    await run(qa.base, {envs: ['changed']})
    writeSpec(qa.base, 'changed', specYaml('changed', ['python=3.10']))

    const result = await run(qa.base)

    const byName = Object.fromEntries(result.outcomes.map((o) => [o.environment, o]))
    expect(byName.foreign?.failure?.message).toMatch(/not built by condamig/)
    expect(readFileSync(join(qa.newRoot, 'envs', 'foreign', 'user-file.txt'), 'utf8')).toBe('mine')
    expect(byName.changed?.failure?.message).toMatch(/from a different spec/)
    expect(existsSync(join(qa.newRoot, 'envs', 'changed', 'conda-meta'))).toBe(true)
  })

  it('removes the half-built leftover of a crashed run before building again', async () => {
    const qa = await makeQaBase()
    writeIni(qa.base, {py311: 'REPLICATE'})
    writeSpec(qa.base, 'py311', specYaml('py311', ['python=3.11.7']))
    const {mkdirSync, writeFileSync} = await import('node:fs')
    const prefix = join(qa.newRoot, 'envs', 'py311')
    mkdirSync(join(prefix, 'conda-meta'), {recursive: true})
    writeFileSync(join(prefix, 'half-extracted'), '')
    mkdirSync(join(qa.base, '.condamig', 'building'), {recursive: true})
    writeFileSync(join(qa.base, '.condamig', 'building', 'py311.json'), JSON.stringify({prefix, run: 'old', pid: 1}))

    const result = await run(qa.base)

    expect(result.outcomes[0]?.status).toBe('ok')
    expect(existsSync(join(prefix, 'half-extracted'))).toBe(false)
  })
})
