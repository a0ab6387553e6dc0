import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it, onTestFinished} from 'vitest'

import {presentCutover} from '../../../src/cli/present/cutover.js'
import {REPORT_COLUMNS, VERIFY_COLUMNS} from '../../../src/domain/report.js'
import {RefusedError} from '../../../src/errors.js'
import {reportTimestamp, writeCsvReport} from '../../../src/system/csv-report.js'
import {readJournal} from '../../../src/system/journal.js'
import {cutover} from '../../../src/workflows/cutover.js'
import {rollback} from '../../../src/workflows/rollback.js'
import {condaRootTree, link, makeTree} from '../../support/fs-tree.js'
import {testContext} from '../../support/qa-base.js'

// Issue 8b: the next mutating run finishes (or undoes) a cutover/rollback a crash interrupted. When the command then
// refuses, it must not say "nothing was changed": it says what recovery did, then why it refused.

const ID = '20261126T100000Z-abcdef'
const yes = {yes: true, dryRun: false, interactive: false}
const flip = {...yes, allowFailures: false, rewriteKernels: false}
const target = (base: string, name: string) => (existsSync(join(base, name)) ? readlinkSync(join(base, name)) : null)

/** v4.3 in production, v4.8 under QA, clean replicate and verify reports. */
const makeCycleBase = (): string => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'condamig-recovered-')))
  onTestFinished(() => rmSync(dir, {recursive: true, force: true}))
  const base = makeTree(join(dir, 'base'), {
    'v4.3': condaRootTree(['hlink']),
    'v4.8': condaRootTree(['hlink']),
    current: link('v4.3'),
    qa: link('v4.8'),
    envs: link('current/envs'),
    'condamig.ini': '[environments]\nhlink = REPLICATE\n',
  })
  const at = new Date('2026-11-26T10:00:00Z')
  const later = new Date(at.getTime() + 60_000)
  const reports = join(base, 'reports')
  const row = ['hlink', 'ok', '', '', '', '', '', 'logs/hlink.log', '1.0']
  const replicate = writeCsvReport({
    dir: reports,
    kind: 'replicate',
    columns: REPORT_COLUMNS,
    rows: [row],
    run: reportTimestamp(at),
  })
  utimesSync(replicate.latest, at, at)
  const verifyRow = ['hlink', 'ok', 'python', 'python 3.11.7', '', '', '', 'logs/hlink.log', '0.1']
  const verify = writeCsvReport({
    dir: reports,
    kind: 'verify',
    columns: VERIFY_COLUMNS,
    rows: [verifyRow],
    run: reportTimestamp(later),
  })
  utimesSync(verify.latest, later, later)
  return base
}

/** The 'begin' line of a transaction that never ended (the run was killed). */
const begun = (base: string, entry: Record<string, unknown>) => {
  mkdirSync(join(base, '.condamig'), {recursive: true})
  const line = {id: ID, phase: 'begin', time: '2026-11-26T10:00:00Z', user: 'ann', host: 'node7', ...entry}
  writeFileSync(join(base, '.condamig', 'history.jsonl'), `${JSON.stringify(line)}\n`)
}

const repoint = (base: string, name: string, to: string) => {
  rmSync(join(base, name), {force: true})
  symlinkSync(to, join(base, name))
}

const refusal = async (run: Promise<unknown>): Promise<RefusedError> => {
  const error = await run.then(
    () => undefined,
    (thrown: unknown) => thrown,
  )
  expect(error).toBeInstanceOf(RefusedError)
  return error as RefusedError
}

describe('after recovery finished an interrupted flip, a refusal says what recovery did (issue 8b)', () => {
  it('cutover killed after the flip: the next cutover finishes it, then refuses, saying both', async () => {
    // Given a cutover v4.3 -> v4.8 killed right after renaming current (qa still there, no 'done' line)
    const base = makeCycleBase()
    begun(base, {action: 'cutover', from: 'v4.3', to: 'v4.8', qaFrom: 'v4.8', qaTo: null})
    repoint(base, 'current', 'v4.8')
    // When the admin runs cutover again
    const error = await refusal(cutover(testContext(base), flip))
    // Then the message starts with what recovery did, and does not claim nothing changed
    expect(error.message).toBe(
      `recovered: finished the interrupted cutover v4.3 -> v4.8 (current -> v4.8, qa removed; ${ID}), then: ` +
        'cutover refused: qa is missing: no root is under QA (condamig install sets qa)',
    )
    expect(error.exitCode).toBe(3)
    expect(error.hint).not.toMatch(/nothing was changed/)
    expect(error.hint).toMatch(/only the recovery changed the base .*the cutover did not happen/)
    // and recovery's work is there
    expect([target(base, 'current'), target(base, 'qa')]).toEqual(['v4.8', null])
    const phases = readJournal(join(base, '.condamig', 'history.jsonl')).entries.map((e) => e.phase)
    expect(phases).toEqual(['begin', 'done'])
  })

  it('rollback killed after the flip: the next rollback finishes it, then refuses, saying both', async () => {
    // Given a finished cutover, then its rollback killed right after current went back to v4.3
    const base = makeCycleBase()
    const ctx = testContext(base)
    const done = await cutover(ctx, flip)
    const journal = join(base, '.condamig', 'history.jsonl')
    const line = {
      id: ID,
      action: 'rollback',
      phase: 'begin',
      time: '2026-11-26T11:00:00Z',
      user: 'ann',
      host: 'node7',
      from: 'v4.8',
      to: 'v4.3',
      qaFrom: null,
      qaTo: 'v4.8',
      undoes: done.transaction,
    }
    appendFileSync(journal, `${JSON.stringify(line)}\n`)
    repoint(base, 'current', 'v4.3')
    // When rollback runs again
    const error = await refusal(rollback(testContext(base), yes))
    // Then
    expect(error.message).toMatch(
      new RegExp(
        `^recovered: finished the interrupted rollback v4\\.8 -> v4\\.3 \\(current -> v4\\.3, qa -> v4\\.8; ${ID}\\), then: rollback refused: no cutover to undo`,
      ),
    )
    expect([target(base, 'current'), target(base, 'qa')]).toEqual(['v4.3', 'v4.8'])
  })

  it('a dry run after recovery says recovery changed the base, not that nothing was changed', async () => {
    // Given a cutover killed before the flip (current still v4.3)
    const base = makeCycleBase()
    begun(base, {action: 'cutover', from: 'v4.3', to: 'v4.8', qaFrom: 'v4.8', qaTo: null})
    symlinkSync('v4.8', join(base, '.current.condamig-flip-999-deadbeef')) // a stray temp link of the killed run
    // When cutover --dry-run runs
    const result = await cutover(testContext(base), {...flip, yes: false, dryRun: true})
    // Then it reports the undo and the stray link removed, and "nothing else was changed"
    expect(result.recovered).toBe(
      `undid the interrupted cutover v4.3 -> v4.8 (current stays v4.3; ${ID}) and removed 1 stray temporary link`,
    )
    const text = presentCutover(result)
    expect(text.split('\n')[0]).toBe(`recovered first: ${result.recovered}`)
    expect(text).toMatch(/nothing else was changed$/)
    expect(text).not.toMatch(/nothing was changed/)
  })

  it('a clean base still says "nothing was changed" when refused', async () => {
    const base = makeCycleBase()
    rmSync(join(base, 'qa'))
    const error = await refusal(cutover(testContext(base), flip))
    expect(error.message).toMatch(/^cutover refused: qa is missing/)
    expect(error.hint).toMatch(/nothing was changed/)
  })
})
