import {describe, expect, it} from 'vitest'

import {fixedClock, isoSeconds, systemClock} from '../../../src/system/clock.js'

describe('clock', () => {
  it('gives a fixed time that only moves when advanced', () => {
    const clock = fixedClock('2026-11-26T10:00:00Z')
    expect(clock.now().toISOString()).toBe('2026-11-26T10:00:00.000Z')
    clock.advance(1500)
    expect(isoSeconds(clock.now())).toBe('2026-11-26T10:00:01Z')
  })

  it('refuses a date it cannot read, and the system clock returns real dates', () => {
    expect(() => fixedClock('not a date')).toThrow(TypeError)
    expect(systemClock.now()).toBeInstanceOf(Date)
  })
})
