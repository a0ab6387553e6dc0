import {describe, expect, it} from 'vitest'

import {renderTable, verdict, type Check} from '../../../bench/support/check.js'

const check = (value: number, goal?: Check['goal']): Check => ({bench: 'b', metric: 'm', value, unit: 'ms', goal})

describe('verdict', () => {
  it('passes a value at or under an upper limit and misses one above it', () => {
    expect(verdict(check(15, {op: '<=', limit: 15}))).toBe('PASS')
    expect(verdict(check(15.01, {op: '<=', limit: 15}))).toBe('MISS')
  })

  it('passes a value at or over a lower limit and misses one below it', () => {
    expect(verdict(check(3.3, {op: '>=', limit: 3.3}))).toBe('PASS')
    expect(verdict(check(3.29, {op: '>=', limit: 3.3}))).toBe('MISS')
  })

  it('misses a NaN (a crashed or empty measurement) and marks a number without goal as info', () => {
    expect(verdict(check(Number.NaN, {op: '<=', limit: 0}))).toBe('MISS')
    expect(verdict(check(7))).toBe('info')
  })
})

describe('renderTable', () => {
  it('lines up the columns and shows the goal with its unit and the verdict', () => {
    const table = renderTable([
      {bench: 'startup', metric: 'status / node', value: 2.8, unit: '×', goal: {op: '<=', limit: 3}},
      {bench: 'export-overhead', metric: 'per env', value: 17.43, unit: 'ms', goal: {op: '<=', limit: 15}},
      {bench: 'flip', metric: 'control', value: 12, unit: ''},
    ])
    expect(table.split('\n')).toEqual([
      'bench            metric         measured      goal  result',
      '---------------  -------------  --------  --------  ------',
      'startup          status / node     2.80×     <= 3×  PASS',
      'export-overhead  per env         17.4 ms  <= 15 ms  MISS',
      'flip             control              12         —  info',
    ])
  })
})
