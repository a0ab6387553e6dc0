import {describe, expect, it} from 'vitest'

import {interleave, median, round} from '../../../bench/support/stats.js'

describe('median', () => {
  it('takes the middle value of an odd count, whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5)
  })

  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 100])).toBe(3.5)
  })

  it('is NaN for no values, so an empty measurement never passes a goal', () => {
    expect(median([])).toBeNaN()
  })
})

describe('interleave', () => {
  it('alternates the two measured things, switching which goes first every round', async () => {
    const order: string[] = []
    const samples = await interleave(
      3,
      () => order.push('a'),
      () => order.push('b'),
    )
    expect(order).toEqual(['a', 'b', 'b', 'a', 'a', 'b'])
    expect(samples.a).toHaveLength(3)
    expect(samples.b).toHaveLength(3)
    expect([...samples.a, ...samples.b].every((ms) => ms >= 0)).toBe(true)
  })
})

describe('round', () => {
  it('rounds to the given number of decimals', () => {
    expect(round(3.14159, 2)).toBe(3.14)
    expect(round(2.5, 0)).toBe(3)
  })
})
