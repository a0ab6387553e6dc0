import {describe, expect, it} from 'vitest'
import {compareVersions} from '../../../src/domain/version.js'

describe('compareVersions', () => {
  it.each([
    ['3.8', '3.8.18', -1],
    ['3.8.18', '3.8', 1],
    ['3.8', '3.8.0', 0],
    ['3.10.13', '3.9.1', 1],
    ['4.3.22', '4.8', -1],
    ['23.7.4', '4.8', 1],
    ['25.11.1', '26.7.1', -1],
    ['v4.8.3', '4.8.3', 0],
    ['1.21.2+local', '1.21.2', 0],
    ['2023c', '2023d', -1],
    ['2023c', '2024a', -1],
    ['1.0rc1', '1.0', -1],
    ['1.0dev', '1.0a1', -1],
    ['1.0a1', '1.0b1', -1],
    ['1.0', '1.0post1', -1],
    ['1!0.1', '2.0', 1],
    ['', '0', 0],
  ])('compares %j with %j as %i', (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected)
    expect(compareVersions(b, a)).toBe(expected === 0 ? 0 : -expected)
  })

  it('sorts a mixed list consistently', () => {
    const versions = ['4.8.3', '23.7.4', '4.8', '4.10', '4.8.3rc1', '4.3.22', '26.7.1']
    expect([...versions].sort(compareVersions)).toEqual([
      '4.3.22',
      '4.8',
      '4.8.3rc1',
      '4.8.3',
      '4.10',
      '23.7.4',
      '26.7.1',
    ])
  })
})
