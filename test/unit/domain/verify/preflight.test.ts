import {describe, expect, it} from 'vitest'

import {reportPreflight, type ReportRead} from '../../../../src/domain/verify/preflight.js'

const at = (iso: string) => new Date(iso)
const replicate = (rows: Record<string, string>[], time = '2026-11-26T10:00:00Z'): ReportRead => ({
  file: 'reports/replicate-latest.csv',
  rows,
  time: at(time),
})
const verify = (rows: Record<string, string>[], time = '2026-11-26T11:00:00Z'): ReportRead => ({
  file: 'reports/verify-latest.csv',
  rows,
  time: at(time),
})
const ok = (environment: string, check = 'python') => ({environment, status: 'ok', check, detail: ''})
const flags = {allowFailures: false, rewriteKernels: false}

describe('reportPreflight', () => {
  it('passes when every REPLICATE env replicated ok (or unchanged) and verify, run after, passed', () => {
    const result = reportPreflight({
      ...flags,
      replicateEnvs: ['a', 'b'],
      replicate: replicate([ok('a'), {environment: 'b', status: 'skipped'}]),
      verify: verify([ok('a'), ok('b'), ok('b', 'drift')]),
    })
    expect(result).toEqual({unmet: [], waived: []})
  })

  it('lists every unmet condition at once', () => {
    const result = reportPreflight({
      ...flags,
      replicateEnvs: ['a', 'b', 'c'],
      replicate: replicate([ok('a'), {environment: 'b', status: 'failed', stage: 'solve', category: 'unsatisfiable'}]),
      verify: verify(
        [ok('a'), {environment: 'a', status: 'failed', check: 'imports', detail: 'numpy'}],
        '2026-11-26T09:00:00Z',
      ),
    })
    expect(result.unmet).toEqual([
      'not in the latest replicate report: c',
      'not replicated ok in reports/replicate-latest.csv: b (failed: solve/unsatisfiable)',
      'the latest verify is older than the latest replicate: run condamig verify again',
      'not in the latest verify report: b, c',
      'verify failed in reports/verify-latest.csv: a (imports)',
    ])
  })

  it('asks for the reports when there are none', () => {
    const result = reportPreflight({...flags, replicateEnvs: ['a']})
    expect(result.unmet).toEqual([
      'no replicate report (reports/replicate-latest.csv): run condamig replicate',
      'no verify report (reports/verify-latest.csv): run condamig verify',
    ])
  })

  it('turns every report condition into a warning with --allow-failures', () => {
    const result = reportPreflight({...flags, allowFailures: true, replicateEnvs: ['a']})
    expect(result.unmet).toEqual([])
    expect(result.waived).toHaveLength(2)
    expect(result.waived[0]).toMatch(/--allow-failures\)$/)
  })

  it('waives only pinned-kernel rows with --rewrite-kernels', () => {
    const rows = [
      ok('a'),
      {environment: 'a', status: 'failed', check: 'kernel', detail: 'pinned kernel k (/b/kernels/k/kernel.json)'},
      {environment: 'x', status: 'failed', check: 'kernel', detail: 'kernel k2 (/b/kernels/k2/kernel.json)'},
    ]
    const input = {replicateEnvs: ['a'], replicate: replicate([ok('a')]), verify: verify(rows)}
    expect(reportPreflight({...input, ...flags}).unmet).toEqual([
      'verify failed in reports/verify-latest.csv: a (kernel), x (kernel)',
    ])
    const rewriting = reportPreflight({...input, allowFailures: false, rewriteKernels: true})
    expect(rewriting.unmet).toEqual(['verify failed in reports/verify-latest.csv: x (kernel)'])
    expect(rewriting.waived).toEqual(['a: pinned kernel k (/b/kernels/k/kernel.json) (--rewrite-kernels rewrites it)'])
  })
})
