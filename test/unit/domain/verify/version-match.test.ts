import {describe, expect, it} from 'vitest'

import {versionMatches} from '../../../../src/domain/verify/version-match.js'

describe('versionMatches', () => {
  it.each([
    ['1.21.6', '1.21.6', true],
    ['1.21.6', '=1.21', true],
    ['1.210.0', '=1.21', false],
    ['1.26.4', '1.21.6', false],
    ['1.21.6', '1.21.*', true],
    ['1.0.0', '==1.0', true],
    ['1.0.1', '==1.0', false],
    ['1.5.3', '>=1.2,<2', true],
    ['2.1.4', '>=1.2,<2', false],
    ['1.4.2', '~=1.4', true],
    ['2.0', '~=1.4', false],
    ['2.0', '1.0|2.0', true],
    ['3.0', '1.0|2.0', false],
    ['1.0', '!=1.0', false],
    ['2023c', '2023c', true],
  ])('%s against %s is %s', (installed, spec, expected) => {
    expect(versionMatches(installed, spec)).toBe(expected)
  })

  it('says it cannot tell for a spec it does not read', () => {
    expect(versionMatches('1.0', '>=1.0 build_x weird stuff')).toBeUndefined()
  })

  it('is false when one part of a conjunction fails, even beside an unreadable part', () => {
    expect(versionMatches('3.0', '<2,?odd?')).toBe(false)
  })
})
