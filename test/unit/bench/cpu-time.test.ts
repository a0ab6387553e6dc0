import {describe, expect, it} from 'vitest'

import {childrenCpuMs} from '../../../bench/support/cpu-time.js'

describe('childrenCpuMs', () => {
  it('reads cutime + cstime (fields 16 and 17) in ticks of 10 ms, even when the command name has spaces', () => {
    // fields: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime …
    const stat = '4242 (node (bench) x) S 1 4242 4242 0 -1 4194560 100 200 0 0 55 7 123 45 20 0 11 0 999'
    expect(childrenCpuMs(stat)).toBe((123 + 45) * 10)
  })

  it('is undefined for a line without those fields', () => {
    expect(childrenCpuMs('4242 (node) S 1')).toBeUndefined()
  })

  it.runIf(process.platform === 'linux')('reads this process from /proc on Linux: a count that never goes down', () => {
    const first = childrenCpuMs()
    expect(first).toBeGreaterThanOrEqual(0)
    expect(childrenCpuMs()).toBeGreaterThanOrEqual(first ?? Number.NaN)
  })
})
