import {describe, expect, it} from 'vitest'

import {detectHalfDone, type FlipState, type JournalEntry, type LinkReading} from '../../../src/domain/flip.js'

const link = (target: string): LinkReading => ({kind: 'link', target, relative: true, resolves: true})
const root = {exists: true, isCondaRoot: true}
const state = (over: Partial<FlipState> = {}): FlipState => ({
  base: '/pkg/conda',
  current: link('v4.3'),
  qa: link('v4.8'),
  envs: link('current/envs'),
  roots: {'v4.3': root, 'v4.8': root},
  strayTemps: [],
  journal: [],
  journalIssues: [],
  ...over,
})
const cutover = (phase: JournalEntry['phase']): JournalEntry => ({
  id: 'c1',
  action: 'cutover',
  phase,
  time: '2026-11-26T10:00:00.000Z',
  user: 'alice',
  host: 'node1',
  from: 'v4.3',
  to: 'v4.8',
  qaFrom: 'v4.8',
  qaTo: null,
})
const rollbackBegin: JournalEntry = {
  ...cutover('begin'),
  id: 'r1',
  action: 'rollback',
  from: 'v4.8',
  to: 'v4.3',
  qaFrom: null,
  qaTo: 'v4.8',
  undoes: 'c1',
}

describe('detectHalfDone', () => {
  it('finds nothing to do after finished transactions', () => {
    const result = detectHalfDone(state({journal: [cutover('begin'), cutover('done')], current: link('v4.8')}))
    expect(result).toEqual({outcome: 'clean', issues: [], steps: []})
  })

  it('removes stray temporary links even when the journal is clean', () => {
    const result = detectHalfDone(state({strayTemps: ['.current.condamig-flip-42-ab12cd34']}))
    expect(result.outcome).toBe('clean')
    expect(result.steps).toEqual([{kind: 'remove-temp', name: '.current.condamig-flip-42-ab12cd34'}])
    expect(result.issues).toEqual([expect.stringContaining('stray temporary link .current.condamig-flip-42-ab12cd34')])
  })

  it('undoes a cutover that crashed before current moved', () => {
    const result = detectHalfDone(state({journal: [cutover('begin')]}))
    expect(result.outcome).toBe('undo')
    expect(result.steps).toEqual([{kind: 'journal', phase: 'aborted', recovered: true}])
    expect(result.record).toMatchObject({id: 'c1', from: 'v4.3', to: 'v4.8'})
  })

  it('finishes a cutover whose flip happened: qa removed, then done', () => {
    const result = detectHalfDone(
      state({journal: [cutover('begin')], current: link('v4.8'), strayTemps: ['.qa.condamig-flip-1-ff']}),
    )
    expect(result.outcome).toBe('finish')
    expect(result.steps).toEqual([
      {kind: 'remove-temp', name: '.qa.condamig-flip-1-ff'},
      {kind: 'remove', link: 'qa'},
      {kind: 'journal', phase: 'done', recovered: true},
    ])
  })

  it('finishes the envs link too when the crash came before it', () => {
    const result = detectHalfDone(
      state({journal: [cutover('begin')], current: link('v4.8'), qa: {kind: 'missing'}, envs: {kind: 'missing'}}),
    )
    expect(result.steps).toEqual([
      {kind: 'flip', link: 'envs', target: 'current/envs'},
      {kind: 'journal', phase: 'done', recovered: true},
    ])
  })

  it('finishes a rollback by restoring qa, and undoes one that never flipped', () => {
    const journal = [cutover('begin'), cutover('done'), rollbackBegin]
    const flipped = detectHalfDone(state({journal, current: link('v4.3'), qa: {kind: 'missing'}}))
    expect(flipped.outcome).toBe('finish')
    expect(flipped.steps).toEqual([
      {kind: 'flip', link: 'qa', target: 'v4.8'},
      {kind: 'journal', phase: 'done', recovered: true},
    ])
    const notFlipped = detectHalfDone(state({journal, current: link('v4.8'), qa: {kind: 'missing'}}))
    expect(notFlipped.outcome).toBe('undo')
    expect(notFlipped.steps).toEqual([{kind: 'journal', phase: 'aborted', recovered: true}])
  })

  it('leaves it to a human when current points at neither root', () => {
    const result = detectHalfDone(state({journal: [cutover('begin')], current: link('v9')}))
    expect(result.outcome).toBe('manual')
    expect(result.steps).toEqual([])
    expect(result.issues.at(-1)).toBe(
      'interrupted cutover v4.3 -> v4.8 (c1): current -> v9, neither v4.3 nor v4.8; repoint current by hand',
    )
  })

  it('reports journal lines it could not read', () => {
    const result = detectHalfDone(state({journalIssues: ['history.jsonl:3: torn last line; skipped']}))
    expect(result.issues).toEqual(['history.jsonl:3: torn last line; skipped'])
  })
})
