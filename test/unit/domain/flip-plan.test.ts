import {describe, expect, it} from 'vitest'

import {
  type FlipState,
  type JournalEntry,
  type LinkReading,
  planCutover,
  planRollback,
} from '../../../src/domain/flip.js'

const BASE = '/pkg/conda'
const link = (target: string, resolves = true): LinkReading => ({
  kind: 'link',
  target,
  relative: !target.startsWith('/'),
  resolves,
})
const root = {exists: true, isCondaRoot: true}
const state = (over: Partial<FlipState> = {}): FlipState => ({
  base: BASE,
  current: link('v4.3'),
  qa: link('v4.8'),
  envs: link('current/envs'),
  roots: {'v4.3': root, 'v4.8': root},
  strayTemps: [],
  journal: [],
  journalIssues: [],
  ...over,
})
const entry = (over: Partial<JournalEntry> = {}): JournalEntry => ({
  id: 't1',
  action: 'cutover',
  phase: 'done',
  time: '2026-11-26T10:00:00.000Z',
  user: 'alice',
  host: 'node1',
  from: 'v4.3',
  to: 'v4.8',
  qaFrom: 'v4.8',
  qaTo: null,
  ...over,
})
const reasonsOf = (planning: ReturnType<typeof planCutover>) => (planning.ok ? [] : planning.reasons)

describe('planCutover', () => {
  it('journals, flips current to the qa root, removes qa and journals again', () => {
    // Given a base with current -> v4.3 and qa -> v4.8, both conda roots
    // When a cutover is planned
    const planning = planCutover(state(), 'c1')
    // Then the plan is the crash-safe protocol, with the undo command
    expect(planning).toEqual({
      ok: true,
      plan: {
        record: {id: 'c1', action: 'cutover', from: 'v4.3', to: 'v4.8', qaFrom: 'v4.8', qaTo: null},
        steps: [
          {kind: 'journal', phase: 'begin'},
          {kind: 'flip', link: 'current', target: 'v4.8'},
          {kind: 'remove', link: 'qa'},
          {kind: 'journal', phase: 'done'},
        ],
        undoCommand: 'condamig rollback --base /pkg/conda',
        warnings: [],
      },
    })
  })

  it('creates a missing envs link and repoints one that bypasses current', () => {
    for (const envs of [{kind: 'missing'} as const, link('v4.3/envs')]) {
      const planning = planCutover(state({envs}), 'c1')
      expect(planning.ok && planning.plan.steps.at(-2)).toEqual({kind: 'flip', link: 'envs', target: 'current/envs'})
    }
  })

  it('never replaces a real envs directory, and says so', () => {
    const planning = planCutover(state({envs: {kind: 'not-a-link'}}), 'c1')
    expect(planning.ok && planning.plan.steps.map((s) => s.kind)).toEqual(['journal', 'flip', 'remove', 'journal'])
    expect(planning.ok && planning.plan.warnings).toEqual([expect.stringContaining('envs is a real directory')])
  })

  it('lists every unmet condition at once', () => {
    const planning = planCutover(state({current: {kind: 'not-a-link'}, qa: {kind: 'missing'}}), 'c1')
    expect(reasonsOf(planning)).toEqual([
      expect.stringContaining('current is not a symlink'),
      expect.stringContaining('qa is missing'),
    ])
  })

  it('refuses a dangling qa, a qa that is no conda root, and qa == current', () => {
    expect(reasonsOf(planCutover(state({qa: link('v4.8', false)}), 'c1'))).toEqual([
      'qa -> v4.8 does not resolve (v4.8 is missing in BASE)',
    ])
    const notRoot = state({roots: {'v4.3': root, 'v4.8': {exists: true, isCondaRoot: false}}})
    expect(reasonsOf(planCutover(notRoot, 'c1'))).toEqual([expect.stringContaining('is not a conda root')])
    expect(reasonsOf(planCutover(state({qa: link('./v4.3/')}), 'c1'))).toEqual([
      'qa and current both point to v4.3: nothing to cut over',
    ])
  })

  it('refuses links that leave BASE', () => {
    expect(reasonsOf(planCutover(state({qa: link('../elsewhere/v4.8')}), 'c1'))).toEqual([
      'qa -> ../elsewhere/v4.8 points outside BASE',
    ])
    expect(reasonsOf(planCutover(state({current: link('/opt/conda')}), 'c1'))).toEqual([
      expect.stringContaining('current -> /opt/conda points outside BASE'),
    ])
  })

  it('turns an absolute qa target inside BASE into a relative current target', () => {
    const planning = planCutover(state({qa: link('/pkg/conda/v4.8')}), 'c1')
    expect(planning.ok && planning.plan.steps[1]).toEqual({kind: 'flip', link: 'current', target: 'v4.8'})
  })

  it('warns (but proceeds) when current is already dangling', () => {
    const planning = planCutover(state({current: link('v4.3', false)}), 'c1')
    expect(planning.ok && planning.plan.warnings).toEqual([expect.stringContaining('current -> v4.3 does not resolve')])
  })

  it('refuses while an interrupted transaction is unrecovered', () => {
    const journal = [entry({phase: 'begin', id: 'old'})]
    expect(reasonsOf(planCutover(state({journal}), 'c1'))).toEqual([
      'an interrupted cutover (v4.3 -> v4.8, old) has not been recovered yet',
    ])
  })

  it('quotes a base path with spaces in the undo command', () => {
    const planning = planCutover(state({base: "/pkg/my conda's"}), 'c1')
    expect(planning.ok && planning.plan.undoCommand).toBe(`condamig rollback --base '/pkg/my conda'\\''s'`)
  })
})

describe('planRollback', () => {
  const afterCutover = (over: Partial<FlipState> = {}) =>
    state({current: link('v4.8'), qa: {kind: 'missing'}, journal: [entry({phase: 'begin'}), entry()], ...over})

  it('repoints current to the root before the last cutover and restores qa', () => {
    expect(planRollback(afterCutover(), 'r1')).toEqual({
      ok: true,
      plan: {
        record: {id: 'r1', action: 'rollback', from: 'v4.8', to: 'v4.3', qaFrom: null, qaTo: 'v4.8', undoes: 't1'},
        steps: [
          {kind: 'journal', phase: 'begin'},
          {kind: 'flip', link: 'current', target: 'v4.3'},
          {kind: 'flip', link: 'qa', target: 'v4.8'},
          {kind: 'journal', phase: 'done'},
        ],
        undoCommand: 'condamig cutover --base /pkg/conda',
        warnings: [],
      },
    })
  })

  it('has nothing to undo without a finished cutover, or once it is rolled back', () => {
    const none = 'no cutover to undo: the journal has none that is not rolled back'
    expect(reasonsOf(planRollback(state({current: link('v4.8')}), 'r1'))).toEqual([none])
    const aborted = [entry({phase: 'begin'}), entry({phase: 'aborted'})]
    expect(reasonsOf(planRollback(afterCutover({journal: aborted}), 'r1'))).toEqual([none])
    const undone = [entry(), entry({id: 'r0', action: 'rollback', from: 'v4.8', to: 'v4.3', undoes: 't1'})]
    expect(reasonsOf(planRollback(afterCutover({current: link('v4.3'), journal: undone}), 'r1'))).toEqual([none])
  })

  it('undoes cutovers in reverse order', () => {
    // Given v4.3 -> v4.8 -> v5.0, and the second cutover already rolled back
    const journal = [
      entry(),
      entry({id: 't2', from: 'v4.8', to: 'v5.0', qaFrom: 'v5.0'}),
      entry({id: 'r2', action: 'rollback', from: 'v5.0', to: 'v4.8', qaFrom: null, qaTo: 'v5.0', undoes: 't2'}),
    ]
    // When qa (restored to v5.0) is given up and another rollback is planned
    const planning = planRollback(afterCutover({journal}), 'r3')
    // Then it undoes the first cutover
    expect(planning.ok && planning.plan.record).toMatchObject({from: 'v4.8', to: 'v4.3', undoes: 't1'})
  })

  it('lists every unmet condition: current moved by hand, old root gone, another qa in place', () => {
    const planning = planRollback(
      afterCutover({
        current: link('v9'),
        qa: link('v5.0'),
        roots: {'v4.8': root, 'v4.3': {exists: false, isCondaRoot: false}},
      }),
      'r1',
    )
    expect(reasonsOf(planning)).toEqual([
      'current -> v9, but the last cutover set it to v4.8: changed outside condamig',
      'the old root v4.3 is gone (missing in BASE)',
      'qa -> v5.0 exists: another migration is in progress and restoring qa would replace it',
    ])
  })

  it('refuses when the old root is no longer a conda root', () => {
    const roots = {'v4.8': root, 'v4.3': {exists: true, isCondaRoot: false}}
    expect(reasonsOf(planRollback(afterCutover({roots}), 'r1'))).toEqual([
      'the old root v4.3 is no longer a conda root',
    ])
  })

  it('leaves a qa that already points at the restored root alone', () => {
    const planning = planRollback(afterCutover({qa: link('v4.8')}), 'r1')
    expect(planning.ok && planning.plan.steps.filter((s) => s.kind === 'flip')).toEqual([
      {kind: 'flip', link: 'current', target: 'v4.3'},
    ])
  })

  it('counts a hand-written line without phase as a finished cutover', () => {
    const {phase: _phase, ...handWritten} = entry()
    expect(planRollback(afterCutover({journal: [handWritten]}), 'r1').ok).toBe(true)
  })
})
