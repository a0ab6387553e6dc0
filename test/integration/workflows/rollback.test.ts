import {spawn} from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it, onTestFinished} from 'vitest'

import {REPORT_COLUMNS, VERIFY_COLUMNS} from '../../../src/domain/report.js'
import {RefusedError} from '../../../src/errors.js'
import {reportTimestamp, writeCsvReport} from '../../../src/system/csv-report.js'
import {readJournal} from '../../../src/system/journal.js'
import {cutover} from '../../../src/workflows/cutover.js'
import {rollback} from '../../../src/workflows/rollback.js'
import {FakeRunner} from '../../support/fake-runner.js'
import {condaRootTree, link, makeTree} from '../../support/fs-tree.js'
import {testContext} from '../../support/qa-base.js'

const makeCycleBase = (): string => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'condamig-rollback-')))
  onTestFinished(() => rmSync(dir, {recursive: true, force: true}))
  const base = makeTree(join(dir, 'base'), {
    'v4.3': condaRootTree(['hlink']),
    'v4.8': condaRootTree(['hlink']),
    current: link('v4.3'),
    qa: link('v4.8'),
    envs: link('current/envs'),
    'condamig.ini': '[environments]\nhlink = REPLICATE\n',
  })
  // a clean replicate, then a clean verify a minute later
  const reports = join(base, 'reports')
  const at = new Date('2026-11-26T10:00:00Z')
  const later = new Date(at.getTime() + 60_000)
  const replicate = writeCsvReport({
    dir: reports,
    kind: 'replicate',
    columns: REPORT_COLUMNS,
    rows: [['hlink', 'ok', '', '', '', '', '', 'logs/hlink.log', '1.0']],
    run: reportTimestamp(at),
  })
  utimesSync(replicate.latest, at, at)
  const verify = writeCsvReport({
    dir: reports,
    kind: 'verify',
    columns: VERIFY_COLUMNS,
    rows: [['hlink', 'ok', 'python', 'python 3.11.7', '', '', '', 'logs/hlink.log', '0.1']],
    run: reportTimestamp(later),
  })
  utimesSync(verify.latest, later, later)
  return base
}

const yes = {yes: true, dryRun: false, interactive: false}
const flip = {...yes, allowFailures: false, rewriteKernels: false}
const target = (base: string, name: string) => (existsSync(join(base, name)) ? readlinkSync(join(base, name)) : null)

describe('rollback', () => {
  it('puts the old root back into production and restores qa, from the journal', async () => {
    // Given a cutover v4.3 -> v4.8
    const base = makeCycleBase()
    const done = await cutover(testContext(base), flip)
    // When rolling back
    const result = await rollback(testContext(base), yes)
    // Then current is v4.3 again, qa is v4.8 again, envs follows current
    expect([target(base, 'current'), target(base, 'qa'), target(base, 'envs')]).toEqual([
      'v4.3',
      'v4.8',
      'current/envs',
    ])
    expect(result).toMatchObject({applied: true, from: 'v4.8', to: 'v4.3', qa: 'v4.8', undoes: done.transaction})
    expect(result.undoCommand).toBe(`condamig cutover --base ${base}`)
    // And the journal says so
    const {entries} = readJournal(join(base, '.condamig', 'history.jsonl'))
    expect(entries.filter((e) => e.phase === 'done').map((e) => [e.action, e.from, e.to])).toEqual([
      ['cutover', 'v4.3', 'v4.8'],
      ['rollback', 'v4.8', 'v4.3'],
    ])
  })

  it('is followed by a new cutover that works, and a second rollback undoes that one', async () => {
    const base = makeCycleBase()
    await cutover(testContext(base), flip)
    await rollback(testContext(base), yes)
    const again = await cutover(testContext(base), flip)
    expect(target(base, 'current')).toBe('v4.8')
    expect(target(base, 'qa')).toBeNull()
    const undone = await rollback(testContext(base), yes)
    expect(undone.undoes).toBe(again.transaction)
    expect(target(base, 'current')).toBe('v4.3')
  })

  it('refuses when there is no cutover to undo', async () => {
    const base = makeCycleBase()
    const error = await rollback(testContext(base), yes).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RefusedError)
    expect((error as Error).message).toContain('no cutover to undo')
    expect(target(base, 'current')).toBe('v4.3')
  })

  it('refuses when the old root is gone, and changes nothing', async () => {
    const base = makeCycleBase()
    await cutover(testContext(base), flip)
    renameSync(join(base, 'v4.3'), join(base, 'v4.3-deleted'))
    await expect(rollback(testContext(base), yes)).rejects.toThrow(/the old root v4.3 is gone/)
    expect(target(base, 'current')).toBe('v4.8')
  })

  it('refuses a second rollback of the same cutover', async () => {
    const base = makeCycleBase()
    await cutover(testContext(base), flip)
    await rollback(testContext(base), yes)
    await expect(rollback(testContext(base), yes)).rejects.toThrow(/no cutover to undo/)
  })

  it('shows the plan and changes nothing with --dry-run', async () => {
    const base = makeCycleBase()
    await cutover(testContext(base), flip)
    const result = await rollback(testContext(base), {...yes, yes: false, dryRun: true})
    expect(result.applied).toBe(false)
    expect(result.steps).toContain('current -> v4.3 (a temporary link renamed into place)')
    expect(result.steps).toContain('qa -> v4.8 (a temporary link renamed into place)')
    expect(target(base, 'current')).toBe('v4.8')
  })

  it('needs --yes when nobody can be asked', async () => {
    const base = makeCycleBase()
    await cutover(testContext(base), flip)
    await expect(rollback(testContext(base), {...yes, yes: false})).rejects.toThrow(
      'rollback needs --yes when not run from a terminal',
    )
  })
})

describe('guarantee: a crashed cutover is finished or undone by the next run', () => {
  const begin = (base: string) => {
    const entry = {
      id: '20261126T100000Z-abcdef',
      action: 'cutover',
      phase: 'begin',
      time: '2026-11-26T10:00:00Z',
      user: 'ann',
      host: 'node7',
      from: 'v4.3',
      to: 'v4.8',
      qaFrom: 'v4.8',
      qaTo: null,
    }
    mkdirSync(join(base, '.condamig'), {recursive: true})
    writeFileSync(join(base, '.condamig', 'history.jsonl'), `${JSON.stringify(entry)}\n`)
  }

  it('finishes a cutover killed after the flip, then rolls it back', async () => {
    // Given a cutover killed right after renaming current (qa still there, no 'done' line, a stray temp link)
    const base = makeCycleBase()
    begin(base)
    rmSync(join(base, 'current'))
    symlinkSync('v4.8', join(base, 'current'))
    symlinkSync('v4.8', join(base, `.qa.condamig-flip-999999-deadbeef`))
    // When the next condamig run (a rollback) starts
    const ctx = testContext(base)
    const result = await rollback(ctx, yes)
    // Then it first finished the cutover (and said so), then undid it
    expect(result.warnings.join('\n')).toMatch(/recovered: interrupted cutover v4.3 -> v4.8 .*finishing it/)
    expect(result.warnings.join('\n')).toMatch(/recovered: stray temporary link/)
    expect(result.undoes).toBe('20261126T100000Z-abcdef')
    expect([target(base, 'current'), target(base, 'qa')]).toEqual(['v4.3', 'v4.8'])
    expect(existsSync(join(base, '.qa.condamig-flip-999999-deadbeef'))).toBe(false)
  })

  it('undoes a cutover killed before the flip: the next cutover starts clean', async () => {
    const base = makeCycleBase()
    begin(base)
    const result = await cutover(testContext(base), flip)
    expect(result.warnings.join('\n')).toMatch(/recovered: .*current still points to v4.3; undoing it/)
    expect(target(base, 'current')).toBe('v4.8')
    const phases = readJournal(join(base, '.condamig', 'history.jsonl')).entries.map(
      (e) => `${e.id.slice(-6)} ${e.phase}`,
    )
    expect(phases).toEqual([
      'abcdef begin',
      'abcdef aborted',
      `${result.transaction.slice(-6)} begin`,
      `${result.transaction.slice(-6)} done`,
    ])
  })
})

// CommonJS for `node -e`: stats BASE/current/bin/conda in a tight loop until told to stop, counts misses.
const READER = String.raw`
const {existsSync, statSync} = require('node:fs')
const [target, stopFile] = process.argv.slice(1)
let reads = 0, failures = 0
process.stdout.write('READY\n')
for (;;) {
  for (let i = 0; i < 200; i++) { reads++; try { statSync(target) } catch { failures++ } }
  if (existsSync(stopFile)) break
}
process.stdout.write(JSON.stringify({reads, failures}) + '\n')
`

describe('guarantee: zero downtime through whole cutover and rollback runs', () => {
  // test/integration/system/flip-downtime.test.ts flips bare links; this runs the whole workflows (lock, recovery,
  // preflight, journal) around each flip.
  it('a separate reader never misses current/bin/conda during 500 flips by cutover and rollback', async () => {
    // Given a reader process resolving BASE/current/bin/conda in a tight loop
    const base = makeCycleBase()
    const stop = join(base, '.stop-reader')
    const reader = spawn(process.execPath, ['-e', READER, join(base, 'current', 'bin', 'conda'), stop], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    const ready = new Promise<void>((resolve) =>
      reader.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        if (out.startsWith('READY\n')) resolve()
      }),
    )
    const exited = new Promise<number | null>((resolve) => reader.once('exit', resolve))
    await ready
    // When 250 cutover + rollback runs flip current 500 times (qa's conda answered without a process: fast)
    const runner = new FakeRunner().on('conda --version', {stdout: 'conda 26.7.1\n'})
    for (let i = 0; i < 250; i++) {
      await cutover(testContext(base, {runner}), flip)
      await rollback(testContext(base, {runner}), yes)
    }

    writeFileSync(stop, '')
    expect(await exited).toBe(0)
    // Then no read failed, and the reader really read throughout
    const result = JSON.parse(out.split('\n')[1] ?? '{}') as {reads: number; failures: number}
    expect(result.failures).toBe(0)
    expect(result.reads).toBeGreaterThan(1000)
    expect(readJournal(join(base, '.condamig', 'history.jsonl')).entries).toHaveLength(1000)
  }, 120_000)
})
