import {describe, expect, it} from 'vitest'

import {mergeLatestRows} from '../../../src/domain/merge-latest-rows.js'

const columns = ['environment', 'status', 'stage', 'log']

describe('mergeLatestRows', () => {
  it('a run over a subset (--retry-failed) updates just its rows: the other envs keep their latest outcome', () => {
    const previous = [
      {environment: 'hlink', status: 'ok', stage: '', log: 'logs/replicate/A/hlink.log'},
      {environment: 'nhis_reformat', status: 'failed', stage: 'solve', log: 'logs/replicate/A/nhis_reformat.log'},
      {environment: 'kernel', status: 'ok', stage: '', log: 'logs/replicate/A/kernel.log'},
    ]
    const rows = [['nhis_reformat', 'ok', '', 'logs/replicate/B/nhis_reformat.log']]

    expect(mergeLatestRows({columns, previous, rows, keep: ['hlink', 'nhis_reformat', 'kernel']})).toEqual([
      ['hlink', 'ok', '', 'logs/replicate/A/hlink.log'],
      ['nhis_reformat', 'ok', '', 'logs/replicate/B/nhis_reformat.log'],
      ['kernel', 'ok', '', 'logs/replicate/A/kernel.log'],
    ])
  })

  it('drops envs no longer in keep, lays previous rows out in the columns (a re-saved report), keeps several rows', () => {
    const previous: Record<string, string>[] = [
      {status: 'ok', environment: 'a', notes: 'look here'},
      {environment: 'gone', status: 'failed'},
      {environment: 'b', status: 'ok', stage: 'python'},
      {environment: 'b', status: 'failed', stage: 'imports'},
    ]
    const rows = [['new', 'ok', '', 'x.log']]

    expect(mergeLatestRows({columns, previous, rows, keep: ['a', 'b', 'new', 'never-run']})).toEqual([
      ['a', 'ok', '', ''],
      ['b', 'ok', 'python', ''],
      ['b', 'failed', 'imports', ''],
      ['new', 'ok', '', 'x.log'],
    ])
  })

  it('a full run is its own rows, and an env this run attempted is never lost even if keep misses it', () => {
    const rows = [
      ['a', 'ok', '', 'a.log'],
      ['z', 'failed', 'solve', 'z.log'],
    ]

    expect(mergeLatestRows({columns, previous: [{environment: 'a', status: 'failed'}], rows, keep: ['a']})).toEqual(
      rows,
    )
  })
})
