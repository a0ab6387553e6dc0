import {describe, expect, it} from 'vitest'

import {benchFlipDowntime} from '../../../bench/flip-downtime.js'

describe('guarantee: at no instant does current fail to resolve', () => {
  it('a separate reader never misses current/bin/conda during 500 flips', async () => {
    // Given a reader process statting BASE/current/bin/conda in a tight loop
    // When this process flips current 500 times between two roots (and, as controls, with ln -sfn and unlink+symlink)
    const result = await benchFlipDowntime({flips: 500})
    // Then condamig's flips never made a read fail, and the reader really was reading while they happened
    expect(result.condamig).toMatchObject({flips: 500, failures: 0})
    expect(result.condamig.readsDuringFlips).toBeGreaterThan(0)
    // The controls are timing-dependent, so they are recorded, not asserted (GNU ln -sfn renames since 2017).
    console.info(
      `flip downtime: condamig ${result.condamig.failures}, ln -sfn ${result.lnSfn.failures},`,
      `unlink+symlink ${result.unlinkSymlink.failures} failed reads (of ${result.unlinkSymlink.readsDuringFlips})`,
    )
  }, 60_000)
})
