import {mkdtempSync, readlinkSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

import {baseLayout} from '../../../src/domain/base-layout.js'
import {detectHalfDone, type FlipRecord, foldJournal, linkedRoot, planCutover} from '../../../src/domain/flip.js'
import {fixedClock} from '../../../src/system/clock.js'
import {applyFlipPlan, readFlipState, recover} from '../../../src/system/flip-transaction.js'
import {condaRootTree, link, makeTree} from '../../support/fs-tree.js'
import {exited, runFixture, spawnFixture, waitForLine} from './fixtures/spawn-ts.js'

// Guarantee (CONTRACT §6): a crash at any instant of cutover or rollback leaves `current` on the old or the new
// root, and the next run's recovery brings the base to a consistent state. The transaction runs in a child process
// that is SIGKILLed at each point it reaches, one point per run.

const actor = {user: 'bob', host: 'node1', clock: fixedClock('2026-11-26T11:00:00Z')}
const scratch = mkdtempSync(join(tmpdir(), 'condamig-crash-'))
afterAll(() => rmSync(scratch, {recursive: true, force: true}))
let bases = 0

/** v4.3 in production, v4.8 under QA, and an old-style envs link that bypasses current (so it gets fixed too). */
const beforeCutover = () => {
  const base = join(scratch, `base-${(bases += 1)}`)
  makeTree(base, {
    'v4.3': condaRootTree(['hlink']),
    'v4.8': condaRootTree(['hlink']),
    current: link('v4.3'),
    qa: link('v4.8'),
    envs: link('v4.3/envs'),
  })
  return base
}

const afterCutover = () => {
  const base = beforeCutover()
  const planning = planCutover(readFlipState(baseLayout(base)), 'c0')
  if (!planning.ok) throw new Error(planning.reasons.join('; '))
  applyFlipPlan(baseLayout(base), planning.plan, actor)
  return base
}

const points = async (base: string, action: string) => {
  const {code, stdout, stderr} = await runFixture('flip-child.ts', [base, action, '0'])
  expect(stderr).toBe('')
  expect(code).toBe(0)
  return stdout.split('\n').flatMap((line) => (line.startsWith('POINT ') ? [line.split(' ')[2] ?? ''] : []))
}

/** Runs `action` in a child, SIGKILLs it at point `stop`, and checks `current` still resolves to one of `roots`. */
const killAt = async (base: string, action: string, stop: number, roots: string[]) => {
  const child = spawnFixture('flip-child.ts', [base, action, String(stop)])
  await waitForLine(child, (line) => line.startsWith('PAUSED '))
  child.kill('SIGKILL')
  expect((await exited(child)).signal).toBe('SIGKILL')
  const current = join(base, 'current')
  expect(roots).toContain(readlinkSync(current))
  expect(statSync(join(current, 'bin', 'conda')).isFile()).toBe(true)
}

/** After recovery: no stray link, every transaction ended, and the links are all-old or all-new, matching the journal. */
const expectConsistent = (
  base: string,
  expected: 'old' | 'new',
  tx: Omit<FlipRecord, 'id' | 'action'>,
  label: string,
) => {
  const state = readFlipState(baseLayout(base))
  const txs = foldJournal(state.journal)
  expect(state.strayTemps, label).toEqual([])
  expect(state.journalIssues, label).toEqual([])
  expect(
    txs.filter((t) => !t.terminal),
    label,
  ).toEqual([])
  expect(txs.at(-1)?.terminal, label).toBe(expected === 'new' ? 'done' : 'aborted')
  const links = {current: linkedRoot(state.current, base), qa: linkedRoot(state.qa, base) ?? null}
  expect(links, label).toEqual(expected === 'new' ? {current: tx.to, qa: tx.qaTo} : {current: tx.from, qa: tx.qaFrom})
  if (expected === 'new') expect(readlinkSync(join(base, 'envs')), label).toBe('current/envs')
  expect(statSync(join(base, 'envs', 'hlink', 'conda-meta')).isDirectory(), label).toBe(true)
  expect(detectHalfDone(state), label).toEqual({outcome: 'clean', issues: [], steps: []})
}

const crashEveryPoint = async (setup: () => string, action: string, tx: Omit<FlipRecord, 'id' | 'action'>) => {
  const labels = await points(setup(), action)
  const flipped = labels.findIndex((label) => /^\d+:flip:current:after$/.test(label))
  expect(flipped).toBeGreaterThan(0)
  for (const [index, label] of labels.entries()) {
    const base = setup()
    await killAt(base, action, index + 1, [tx.from, tx.to])
    recover(baseLayout(base), actor) // what the next mutating run does first (a no-op after the last point)
    expectConsistent(base, index >= flipped ? 'new' : 'old', tx, `killed at ${label}`)
  }
  return labels
}

describe('guarantee: a crash at any instant of a flip is recoverable', () => {
  it('cutover: killed at every point, current resolves and recovery finishes or undoes it', async () => {
    const labels = await crashEveryPoint(beforeCutover, 'cutover', {
      from: 'v4.3',
      to: 'v4.8',
      qaFrom: 'v4.8',
      qaTo: null,
    })
    expect(labels).toEqual([
      '0:journal:begin:after',
      '1:flip:current:temp',
      '1:flip:current:after',
      '2:remove:qa:after',
      '3:flip:envs:temp',
      '3:flip:envs:after',
      '4:journal:done:after',
    ])
  }, 60_000)

  it('rollback: killed at every point, current resolves and recovery finishes or undoes it', async () => {
    const labels = await crashEveryPoint(afterCutover, 'rollback', {
      from: 'v4.8',
      to: 'v4.3',
      qaFrom: null,
      qaTo: 'v4.8',
    })
    expect(labels).toHaveLength(6)
  }, 60_000)

  it('recovery itself killed at every point is finished by the next recovery', async () => {
    const tx = {from: 'v4.3', to: 'v4.8', qaFrom: 'v4.8', qaTo: null}
    // a cutover killed right after the flip (finish path) and one killed with its temp link in place (undo path)
    for (const [cutoverPoint, expected] of [
      [3, 'new'],
      [2, 'old'],
    ] as const) {
      const recoverPoints = await points(
        await (async () => {
          const base = beforeCutover()
          await killAt(base, 'cutover', cutoverPoint, [tx.from, tx.to])
          return base
        })(),
        'recover',
      )
      expect(recoverPoints.length).toBeGreaterThan(1)
      for (let stop = 1; stop <= recoverPoints.length; stop++) {
        const base = beforeCutover()
        await killAt(base, 'cutover', cutoverPoint, [tx.from, tx.to])
        await killAt(base, 'recover', stop, [tx.from, tx.to])
        recover(baseLayout(base), actor)
        expectConsistent(base, expected, tx, `cutover killed at point ${cutoverPoint}, recovery at point ${stop}`)
      }
    }
  }, 60_000)
})
