import {describe, expect, it} from 'vitest'

import {decidePrefix} from '../../../../src/domain/replicate/prefix-decision.js'

const P = '/base/v4.8/envs/hlink'

describe('decidePrefix', () => {
  it('builds where nothing exists', () => {
    expect(decidePrefix({exists: false, leftover: false}, 'h1', P)).toEqual({action: 'build'})
  })

  it('skips an env stamped with the same spec hash', () => {
    expect(decidePrefix({exists: true, leftover: false, stamp: {specHash: 'h1', time: 't'}}, 'h1', P)).toEqual({
      action: 'skip',
      reason: 'already replicated from this spec (t)',
    })
  })

  it('reclaims its own half-built leftover, even when a stamp says otherwise', () => {
    expect(decidePrefix({exists: true, leftover: true, stamp: {specHash: 'old', time: 't'}}, 'h1', P).action).toBe(
      'reclaim',
    )
  })

  it('refuses an env built from another spec or not by condamig, with a remediation', () => {
    const changed = decidePrefix({exists: true, leftover: false, stamp: {specHash: 'old', time: 't'}}, 'h1', P)
    expect(changed).toMatchObject({action: 'refuse', reason: `${P} was replicated on t from a different spec`})
    const foreign = decidePrefix({exists: true, leftover: false}, 'h1', P)
    expect(foreign).toMatchObject({action: 'refuse', reason: `${P} already exists and was not built by condamig`})
    expect(foreign.action === 'refuse' && foreign.remediation).toMatch(/by hand/)
  })
})
