import {describe, expect, it} from 'vitest'

import {statusPerEnvironment} from '../../../src/domain/report.js'

describe('statusPerEnvironment', () => {
  it('gives each environment the worst status of its rows', () => {
    const rows = [
      {environment: 'a', status: 'ok'},
      {environment: 'a', status: 'failed'},
      {environment: 'b', status: 'ok'},
      {environment: 'b', status: 'skipped'},
      {environment: 'c', status: 'skipped'},
      {environment: 'd', status: 'interrupted'},
      {environment: 'd', status: 'ok'},
      {environment: 'e', status: 'bogus'},
    ]
    expect(statusPerEnvironment(rows)).toEqual([
      {status: 'failed'},
      {status: 'ok'},
      {status: 'skipped'},
      {status: 'interrupted'},
    ])
  })
})
