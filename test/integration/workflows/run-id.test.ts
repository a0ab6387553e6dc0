import {readdirSync} from 'node:fs'
import {basename, join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {replicate} from '../../../src/workflows/replicate.js'
import {verify} from '../../../src/workflows/verify.js'
import {makeQaBase, specYaml, testContext, writeIni, writeSpec} from '../../support/qa-base.js'

/** A clock that moves a minute at every reading, so a run's end is never its start. */
const advancingClock = () => {
  let tick = 0
  return () => new Date(Date.UTC(2026, 10, 26, 12, 0, 0) + tick++ * 60_000)
}

describe('one run id for the log folder and the report (CONTRACT §4)', () => {
  it('names the replicate report after the run id that names its log folder, not after the end of the run', async () => {
    // Given one REPLICATE env, and a clock that advances while replicate runs
    const qa = await makeQaBase()
    writeIni(qa.base, {py311: 'REPLICATE'})
    writeSpec(qa.base, 'py311', specYaml('py311', ['python=3.11.7']))
    const ctx = testContext(qa.base, {now: advancingClock()})

    // When replicate runs
    const result = await replicate(ctx, {envs: [], retryFailed: false, dryRun: false, keepFailed: false})

    // Then the one log folder, the report's name and the result all carry the same run id
    expect(result.outcomes.map((o) => o.status)).toEqual(['ok'])
    const folders = readdirSync(join(qa.base, 'logs', 'replicate'))
    expect(folders).toEqual([result.run])
    expect(basename(result.report?.path ?? '')).toBe(`replicate-${result.run}.csv`)
    expect(result.outcomes[0]?.log).toBe(join('logs', 'replicate', result.run, 'py311.log'))
  })

  it('names the verify report after the run id that names its log folder', async () => {
    // Given an env that is in the inventory but not in qa (verify still writes its log and its row)
    const qa = await makeQaBase()
    writeIni(qa.base, {py311: 'REPLICATE'})
    writeSpec(qa.base, 'py311', specYaml('py311', ['python=3.11.7']))

    // When verify runs on a clock that advances
    const result = await verify(testContext(qa.base, {now: advancingClock()}), {envs: []})

    // Then logs/verify-<id>/ and reports/verify-<id>.csv share the id
    const folders = readdirSync(join(qa.base, 'logs')).filter((name) => name.startsWith('verify-'))
    expect(folders).toHaveLength(1)
    expect(basename(result.report.file)).toBe(`${folders[0]}.csv`)
  })
})
