import {describe, expect, it} from 'vitest'

import {presentStatus} from '../../../src/cli/present/status.js'
import type {StatusResult} from '../../../src/workflows/status.js'

const counts = (ok: number, failed: number) => ({ok, failed, skipped: 0, interrupted: 0, total: ok + failed})

const result: StatusResult = {
  base: '/pkg/conda',
  links: {
    current: {kind: 'link', target: 'v4.3', relative: true, resolves: true, resolved: '/pkg/conda/v4.3'},
    qa: {kind: 'link', target: '/pkg/conda/v4.8', relative: false, resolves: false},
    envs: {kind: 'not-a-link'},
  },
  roots: [
    {name: 'v4.3', conda: '4.3.22', python: '3.6.2', envs: 41, links: ['current']},
    {name: 'v4.8', envs: 0, links: []},
  ],
  lastExport: {time: '2026-11-25T09:30:00.000Z', specs: 41},
  lastReplicate: {
    file: '/pkg/conda/reports/replicate-latest.csv',
    time: '2026-11-25T10:00:00.000Z',
    counts: counts(38, 3),
  },
  lastVerify: null,
  lock: '{"pid":4242,"host":"hpc1","user":"alice","command":"condamig replicate","since":"2026-11-26T08:00:00Z"}',
  journal: [
    {
      id: 'c1',
      action: 'cutover',
      from: 'v4.3',
      to: 'v4.8',
      time: '2026-11-20T10:00:00Z',
      user: 'alice',
      host: 'hpc1',
      phase: 'begin',
    },
    {
      id: 'c1',
      action: 'cutover',
      from: 'v4.3',
      to: 'v4.8',
      time: '2026-11-20T10:00:01Z',
      user: 'alice',
      host: 'hpc1',
      phase: 'done',
    },
    {id: 'r1', action: 'rollback', from: 'v4.8', to: 'v4.3', time: '2026-11-21T10:00:00Z', user: 'bob', host: 'hpc2'},
  ],
  warnings: ['/pkg/conda/.condamig/history.jsonl:4: torn line (skipped)'],
}

describe('presentStatus', () => {
  it('renders links, roots, last results, the lock, the journal and warnings', () => {
    expect(presentStatus(result)).toMatchInlineSnapshot(`
      "base /pkg/conda
        current -> v4.3
        qa -> /pkg/conda/v4.8 (absolute target, DANGLING)
        envs: NOT A SYMLINK (condamig needs envs -> current/envs)

      ROOT  CONDA   PYTHON  ENVS  LINKED AS
      v4.3  4.3.22  3.6.2   41    current
      v4.8  ?       ?       0     -

      last export: 2026-11-25 09:30 (41 spec(s))
      last replicate: 2026-11-25 10:00 — 38 ok, 3 failed (/pkg/conda/reports/replicate-latest.csv)
      last verify: none

      lock held by alice@hpc1 (pid 4242, 'condamig replicate', since 2026-11-26T08:00:00Z)

      Journal (latest last):
        2026-11-20 10:00 cutover (begin) v4.3 -> v4.8 by alice@hpc1
        2026-11-20 10:00 cutover (done) v4.3 -> v4.8 by alice@hpc1
        2026-11-21 10:00 rollback v4.8 -> v4.3 by bob@hpc2

      Warnings:
        /pkg/conda/.condamig/history.jsonl:4: torn line (skipped)"
    `)
  })

  it('renders an empty base plainly', () => {
    const empty: StatusResult = {
      ...result,
      links: {current: {kind: 'missing'}, qa: {kind: 'missing'}, envs: {kind: 'missing'}},
      roots: [],
      lastExport: null,
      lastReplicate: null,
      lock: null,
      journal: [],
      warnings: [],
    }
    expect(presentStatus(empty)).toMatchInlineSnapshot(`
      "base /pkg/conda
        current: absent
        qa: absent
        envs: absent

      no conda roots in this base

      last export: none
      last replicate: none
      last verify: none"
    `)
  })

  it('shows a lock file that is not condamig JSON as it is', () => {
    expect(presentStatus({...result, lock: 'ops team, maintenance'})).toContain(
      '\nlock held by ops team, maintenance\n',
    )
  })
})
