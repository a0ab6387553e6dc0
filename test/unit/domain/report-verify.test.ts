import {describe, expect, it} from 'vitest'
import {toVerifyRow, toVerifyRows, VERIFY_COLUMNS} from '../../../src/domain/report.js'
import {type VerifyCheckResult, type VerifyOutcome, verifyStatus} from '../../../src/domain/verify-outcome.js'

const check = (overrides: Partial<VerifyCheckResult>): VerifyCheckResult => ({
  check: 'python',
  status: 'ok',
  detail: 'python 3.11.7',
  packages: [],
  message: '',
  remediation: '',
  durationS: 0.44,
  ...overrides,
})

const outcome = (checks: VerifyCheckResult[]): VerifyOutcome => ({
  environment: 'hlink',
  status: verifyStatus(checks),
  log: 'logs/verify-hlink.log',
  durationS: 3.2,
  checks,
})

describe('verifyStatus', () => {
  it('is failed when any check failed', () => {
    expect(verifyStatus([check({}), check({status: 'failed'}), check({status: 'skipped'})])).toBe('failed')
  })

  it('is ok when checks passed and the rest were skipped', () => {
    expect(verifyStatus([check({}), check({check: 'tests', status: 'skipped'})])).toBe('ok')
  })

  it('is skipped when nothing ran', () => {
    expect(verifyStatus([])).toBe('skipped')
    expect(verifyStatus([check({status: 'skipped'})])).toBe('skipped')
  })
})

describe('toVerifyRow', () => {
  it('writes one check in VERIFY_COLUMNS order with the check’s own status', () => {
    const drift = check({
      check: 'drift',
      status: 'failed',
      detail: '2 packages differ from env_specs/hlink.yml',
      packages: ['numpy', 'pandas'],
      message: 'numpy 1.26.4 != 1.26.3\npandas 2.1.4 != 2.1.3',
      remediation: 'Pin the versions in env_specs/overrides/hlink.yml and replicate again.',
      durationS: 1.25,
    })
    const row = toVerifyRow(outcome([check({}), drift]), drift)
    expect(Object.fromEntries(VERIFY_COLUMNS.map((column, index) => [column, row[index]]))).toEqual({
      environment: 'hlink',
      status: 'failed',
      check: 'drift',
      detail: '2 packages differ from env_specs/hlink.yml',
      packages: 'numpy pandas',
      message: 'numpy 1.26.4 != 1.26.3\npandas 2.1.4 != 2.1.3',
      remediation: 'Pin the versions in env_specs/overrides/hlink.yml and replicate again.',
      log: 'logs/verify-hlink.log',
      duration_s: '1.3',
    })
  })

  it('gives every check a row, and an env without checks one row', () => {
    const rows = toVerifyRows(outcome([check({}), check({check: 'imports', detail: 'numpy pandas'})]))
    expect(rows.map((row) => row[2])).toEqual(['python', 'imports'])
    expect(toVerifyRows(outcome([]))).toEqual([
      ['hlink', 'skipped', '', '', '', '', '', 'logs/verify-hlink.log', '3.2'],
    ])
  })
})
