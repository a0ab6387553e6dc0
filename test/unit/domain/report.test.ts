import {describe, expect, it} from 'vitest'
import type {EnvOutcome} from '../../../src/domain/outcome.js'
import {
  formatDuration,
  neutraliseFormula,
  REPORT_COLUMNS,
  summariseOutcomes,
  toReportRow,
  unneutraliseFormula,
} from '../../../src/domain/report.js'

const outcome = (overrides: Partial<EnvOutcome>): EnvOutcome => ({
  environment: 'hlink',
  status: 'ok',
  log: 'logs/hlink-20261126T121314Z.log',
  durationS: 12.345,
  notes: [],
  ...overrides,
})

describe('REPORT_COLUMNS', () => {
  it('is the contract’s column order', () => {
    expect(REPORT_COLUMNS).toEqual([
      'environment',
      'status',
      'stage',
      'category',
      'packages',
      'message',
      'remediation',
      'log',
      'duration_s',
    ])
  })
})

describe('toReportRow', () => {
  it('writes a failed env with its failure, packages space-separated', () => {
    const row = toReportRow(
      outcome({
        status: 'failed',
        durationS: 61,
        failure: {
          stage: 'solve',
          category: 'missing_package',
          packages: ['numpy=1.99.0', 'nosuchpkg=1.0'],
          message: 'PackagesNotFoundError: The following packages are not available',
          remediation: 'Pin an available version in env_specs/overrides/hlink.yml.',
        },
      }),
    )
    expect(row).toEqual([
      'hlink',
      'failed',
      'solve',
      'missing_package',
      'numpy=1.99.0 nosuchpkg=1.0',
      'PackagesNotFoundError: The following packages are not available',
      'Pin an available version in env_specs/overrides/hlink.yml.',
      'logs/hlink-20261126T121314Z.log',
      '61.0',
    ])
    expect(row).toHaveLength(REPORT_COLUMNS.length)
  })

  it('leaves stage, category, packages and remediation empty for an ok env, and puts its notes in message', () => {
    expect(toReportRow(outcome({notes: ['local pip path ./src not installed', 'check it by hand']}))).toEqual([
      'hlink',
      'ok',
      '',
      '',
      '',
      'local pip path ./src not installed\ncheck it by hand',
      '',
      'logs/hlink-20261126T121314Z.log',
      '12.3',
    ])
  })

  it('ignores a stray failure on an ok or skipped env', () => {
    const failure = {stage: 'pip', category: 'pip_error', packages: ['x'], message: 'm', remediation: 'r'} as const
    const row = toReportRow(
      outcome({status: 'skipped', failure: {...failure, packages: ['x']}, notes: ['spec unchanged']}),
    )
    expect(row.slice(1, 7)).toEqual(['skipped', '', '', '', 'spec unchanged', ''])
  })

  it('gives an interrupted env without a recorded failure the category interrupted', () => {
    expect(toReportRow(outcome({status: 'interrupted'})).slice(1, 4)).toEqual(['interrupted', '', 'interrupted'])
  })

  it('gives a failed env without a recorded failure the category unknown', () => {
    expect(toReportRow(outcome({status: 'failed'})).slice(1, 4)).toEqual(['failed', '', 'unknown'])
  })
})

describe('formatDuration', () => {
  it.each([
    [0, '0.0'],
    [0.04, '0.0'],
    [0.05, '0.1'],
    [3599.96, '3600.0'],
    [Number.NaN, ''],
    [-1, ''],
    [Number.POSITIVE_INFINITY, ''],
  ])('writes %d as %j', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text)
  })
})

describe('neutraliseFormula', () => {
  it.each([
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['+1', "'+1"],
    ['-e git+https://example.org/x.git', "'-e git+https://example.org/x.git"],
    ['-1.5', "'-1.5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ["'=x", "''=x"],
  ])('neutralises %j', (cell, neutral) => {
    expect(neutraliseFormula(cell)).toBe(neutral)
    expect(unneutraliseFormula(neutral)).toBe(cell)
  })

  it.each(['hlink', '', 'a=b', "'quoted'", "'", '1.5', ' =x', 'numpy=1.21'])('leaves %j alone', (cell) => {
    expect(neutraliseFormula(cell)).toBe(cell)
    expect(unneutraliseFormula(cell)).toBe(cell)
  })
})

describe('summariseOutcomes', () => {
  it('counts each status and the total', () => {
    const statuses = ['ok', 'ok', 'failed', 'skipped', 'ok', 'interrupted'] as const
    expect(summariseOutcomes(statuses.map((status) => outcome({status})))).toEqual({
      total: 6,
      ok: 3,
      failed: 1,
      skipped: 1,
      interrupted: 1,
    })
    expect(summariseOutcomes([])).toEqual({total: 0, ok: 0, failed: 0, skipped: 0, interrupted: 0})
  })
})
