import {appendFileSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {baseLayout} from '../../../src/domain/base-layout.js'
import {type FlipPlanning, planCutover, planRollback} from '../../../src/domain/flip.js'
import {fixedClock} from '../../../src/system/clock.js'
import {
  applyFlipPlan,
  flipRefusal,
  localActor,
  newTransactionId,
  readFlipState,
  recover,
} from '../../../src/system/flip-transaction.js'
import {readLink} from '../../../src/system/flip-link.js'
import {readJournal} from '../../../src/system/journal.js'
import {condaRootTree, link, makeTree} from '../../support/fs-tree.js'

const actor = {user: 'alice', host: 'node1', clock: fixedClock('2026-11-26T10:00:00Z')}
let base: string
let layout: ReturnType<typeof baseLayout>
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'condamig-tx-'))
  layout = baseLayout(base)
  makeTree(base, {
    'v4.3': condaRootTree(['hlink']),
    'v4.8': condaRootTree(['hlink']),
    current: link('v4.3'),
    qa: link('v4.8'),
  })
})
afterEach(() => rmSync(base, {recursive: true, force: true}))

const planOf = (planning: FlipPlanning) => {
  if (!planning.ok) throw new Error(planning.reasons.join('; '))
  return planning.plan
}

describe('readFlipState', () => {
  it('reads the links, the roots they name, stray temps and unreadable journal lines', () => {
    symlinkSync('v4.8', join(base, '.current.condamig-flip-7-0a0b'))
    mkdirSync(join(base, '.condamig'))
    appendFileSync(layout.history, '{"torn')
    const state = readFlipState(layout)
    expect(state).toMatchObject({
      base,
      current: {kind: 'link', target: 'v4.3', resolves: true},
      qa: {kind: 'link', target: 'v4.8'},
      envs: {kind: 'missing'},
      roots: {'v4.3': {exists: true, isCondaRoot: true}, 'v4.8': {exists: true, isCondaRoot: true}},
      strayTemps: ['.current.condamig-flip-7-0a0b'],
      journal: [],
      journalIssues: [`${layout.history}:1: torn last line (an append was interrupted); skipped`],
    })
  })
})

describe('applyFlipPlan', () => {
  it('cuts over and rolls back, journaling begin and done for each', () => {
    // When a cutover runs
    applyFlipPlan(layout, planOf(planCutover(readFlipState(layout), 'c1')), actor)
    // Then current is the new root, qa is gone, envs follows current
    expect(readlinkSync(layout.current)).toBe('v4.8')
    expect(readLink(layout.qa)).toEqual({kind: 'missing'})
    expect(readlinkSync(layout.envsLink)).toBe('current/envs')
    // When it is rolled back
    applyFlipPlan(layout, planOf(planRollback(readFlipState(layout), 'r1')), actor)
    // Then the old root is back in production and qa is restored
    expect([readlinkSync(layout.current), readlinkSync(layout.qa)]).toEqual(['v4.3', 'v4.8'])
    const journal = readJournal(layout.history).entries.map(({id, action, phase, from, to}) => [
      id,
      action,
      phase,
      from,
      to,
    ])
    expect(journal).toEqual([
      ['c1', 'cutover', 'begin', 'v4.3', 'v4.8'],
      ['c1', 'cutover', 'done', 'v4.3', 'v4.8'],
      ['r1', 'rollback', 'begin', 'v4.8', 'v4.3'],
      ['r1', 'rollback', 'done', 'v4.8', 'v4.3'],
    ])
    expect(readJournal(layout.history).entries[3]).toMatchObject({
      undoes: 'c1',
      qaFrom: null,
      qaTo: 'v4.8',
      user: 'alice',
      host: 'node1',
      time: '2026-11-26T10:00:00.000Z',
    })
  })

  it('never replaces a real envs directory', () => {
    mkdirSync(join(base, 'envs'))
    const plan = planOf(planCutover(readFlipState(layout), 'c1'))
    applyFlipPlan(layout, plan, actor)
    expect(readLink(layout.envsLink)).toEqual({kind: 'not-a-link'})
    expect(plan.warnings).toEqual([expect.stringContaining('envs is a real directory')])
  })
})

describe('recover', () => {
  it('finishes a cutover whose flip happened, despite a torn journal line, and reports it', () => {
    // Given a crash after the flip, and another one mid-append (a torn line)
    const plan = planOf(planCutover(readFlipState(layout), 'c1'))
    applyFlipPlan(layout, {record: plan.record, steps: plan.steps.slice(0, 2)}, actor)
    appendFileSync(layout.history, '{"id":"c1","act')
    // When the next run recovers
    const result = recover(layout, actor)
    // Then the cutover is finished and journaled as recovered, the torn line kept and reported
    expect(result.outcome).toBe('finish')
    expect(result.issues).toEqual([
      `${layout.history}:2: torn last line (an append was interrupted); skipped`,
      'interrupted cutover v4.3 -> v4.8 (c1): current already points to v4.8; finishing it',
    ])
    expect(readLink(layout.qa)).toEqual({kind: 'missing'})
    expect(readJournal(layout.history).entries.at(-1)).toMatchObject({id: 'c1', phase: 'done', recovered: true})
    expect(readFileSync(layout.history, 'utf8')).toContain('\n{"id":"c1","act\n')
    expect(recover(layout, actor).outcome).toBe('clean')
  })

  it('refuses, naming the way out, when current points at neither root', () => {
    const plan = planOf(planCutover(readFlipState(layout), 'c1'))
    applyFlipPlan(layout, {record: plan.record, steps: plan.steps.slice(0, 1)}, actor)
    rmSync(layout.current)
    symlinkSync('v9', layout.current)
    expect(() => recover(layout, actor)).toThrow(
      expect.objectContaining({
        exitCode: 3,
        code: 'flip.needs-human',
        hint: expect.stringContaining('repoint current at v4.3 atomically'),
      }),
    )
  })
})

describe('helpers', () => {
  it('turns a refusal into one RefusedError line listing every reason', () => {
    rmSync(layout.qa)
    const planning = planCutover(readFlipState(layout), 'c1')
    const error = flipRefusal('cutover', planning.ok ? [] : planning.reasons)
    expect(error).toMatchObject({exitCode: 3, code: 'cutover.refused'})
    expect(error.message).toBe('cutover refused: qa is missing: no root is under QA (condamig install sets qa)')
  })

  it('makes time-sortable transaction ids and names the local actor', () => {
    expect(newTransactionId(fixedClock('2026-11-26T10:00:00Z'))).toMatch(/^20261126T100000Z-[0-9a-f]{6}$/)
    expect(localActor(actor.clock)).toMatchObject({user: expect.any(String), host: expect.any(String)})
  })
})
