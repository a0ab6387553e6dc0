import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it, onTestFinished} from 'vitest'

import {REPORT_COLUMNS, VERIFY_COLUMNS} from '../../../src/domain/report.js'
import {BadInputError, InterruptedError, RefusedError} from '../../../src/errors.js'
import {reportTimestamp, writeCsvReport} from '../../../src/system/csv-report.js'
import {readJournal} from '../../../src/system/journal.js'
import {acquireLock} from '../../../src/system/lock.js'
import {cutover, type CutoverOptions} from '../../../src/workflows/cutover.js'
import {condaRootTree, link, makeTree} from '../../support/fs-tree.js'
import {testContext} from '../../support/qa-base.js'

// cutover on bases made of minimal roots (bin/conda answers --version): the flip, its preflight, its consent.

const INI = '[environments]\nhlink = REPLICATE\nnhis = REPLICATE\nold = export\n'

/** v4.3 in production, v4.8 under QA, kernels optional; cleaned up after the test. */
const makeCycleBase = (extra: Record<string, unknown> = {}): string => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'condamig-cutover-')))
  onTestFinished(() => rmSync(dir, {recursive: true, force: true}))
  return makeTree(join(dir, 'base'), {
    'v4.3': condaRootTree(['hlink', 'nhis']),
    'v4.8': condaRootTree(['hlink', 'nhis']),
    current: link('v4.3'),
    qa: link('v4.8'),
    envs: link('current/envs'),
    'condamig.ini': INI,
    ...(extra as Record<string, string>),
  })
}

type Row = Record<string, string>
const replicateRow = (environment: string, status = 'ok', stage = '', category = ''): string[] => {
  const row: Row = {environment, status, stage, category, log: `logs/${environment}.log`, duration_s: '1.0'}
  return REPORT_COLUMNS.map((column) => row[column] ?? '')
}

const verifyRow = (environment: string, check: string, status = 'ok', detail = ''): string[] => {
  const row: Row = {environment, status, check, detail, log: `logs/${environment}.log`, duration_s: '0.1'}
  return VERIFY_COLUMNS.map((column) => row[column] ?? '')
}

/** Writes replicate-latest.csv, then verify-latest.csv one minute later (verify ran after replicate). */
const writeReports = (base: string, rows: {replicate?: string[][]; verify?: string[][]}) => {
  const dir = join(base, 'reports')
  const at = new Date('2026-11-26T10:00:00Z')
  if (rows.replicate) {
    const {latest} = writeCsvReport({
      dir,
      kind: 'replicate',
      columns: REPORT_COLUMNS,
      rows: rows.replicate,
      run: reportTimestamp(at),
    })
    utimesSync(latest, at, at)
  }

  if (rows.verify) {
    const later = new Date(at.getTime() + 60_000)
    const {latest} = writeCsvReport({
      dir,
      kind: 'verify',
      columns: VERIFY_COLUMNS,
      rows: rows.verify,
      run: reportTimestamp(later),
    })
    utimesSync(latest, later, later)
  }
}

const cleanReports = (base: string) =>
  writeReports(base, {
    replicate: [replicateRow('hlink'), replicateRow('nhis', 'skipped')],
    verify: [verifyRow('hlink', 'python'), verifyRow('nhis', 'python'), verifyRow('nhis', 'drift')],
  })

const options = (overrides: Partial<CutoverOptions> = {}): CutoverOptions => ({
  yes: true,
  dryRun: false,
  interactive: false,
  allowFailures: false,
  rewriteKernels: false,
  ...overrides,
})

const links = (base: string) => ({
  current: readlinkSync(join(base, 'current')),
  qa: existsSync(join(base, 'qa')) ? readlinkSync(join(base, 'qa')) : null,
  envs: readlinkSync(join(base, 'envs')),
})

describe('cutover', () => {
  it('repoints current at the qa root, removes qa, keeps envs and journals who did it', async () => {
    // Given a clean replicate and a clean verify
    const base = makeCycleBase()
    cleanReports(base)
    // When cutting over
    const result = await cutover(testContext(base), options())
    // Then current is the new root (a relative link), qa is gone, envs still follows current
    expect(links(base)).toEqual({current: 'v4.8', qa: null, envs: 'current/envs'})
    expect(existsSync(join(base, 'current', 'bin', 'conda'))).toBe(true)
    expect(result).toMatchObject({applied: true, dryRun: false, from: 'v4.3', to: 'v4.8', waived: []})
    expect(result.undoCommand).toBe(`condamig rollback --base ${base}`)
    // And the journal has the transaction, begun and done, with time, user, host, action, from and to
    const {entries} = readJournal(join(base, '.condamig', 'history.jsonl'))
    expect(entries.map((e) => [e.action, e.phase, e.from, e.to, e.id])).toEqual([
      ['cutover', 'begin', 'v4.3', 'v4.8', result.transaction],
      ['cutover', 'done', 'v4.3', 'v4.8', result.transaction],
    ])
    expect(entries[1]).toMatchObject({user: expect.any(String), host: expect.any(String), time: expect.any(String)})
  })

  it('repairs an envs link that bypassed current', async () => {
    const base = makeCycleBase({envs: link('v4.3/envs')})
    cleanReports(base)
    await cutover(testContext(base), options())
    expect(links(base).envs).toBe('current/envs')
  })

  it('refuses listing every unmet condition at once, and changes nothing', async () => {
    // Given no reports at all and a qa whose conda does not run
    const base = makeCycleBase()
    writeFileSync(join(base, 'v4.8', 'bin', 'conda'), '#!/bin/sh\necho broken >&2\nexit 1\n')
    // When cutting over
    const error = await cutover(testContext(base), options()).catch((e: unknown) => e)
    // Then one RefusedError names all three conditions
    expect(error).toBeInstanceOf(RefusedError)
    const message = (error as Error).message
    expect(message).toContain("qa's conda does not run")
    expect(message).toContain('no replicate report')
    expect(message).toContain('no verify report')
    // And nothing moved
    expect(links(base)).toEqual({current: 'v4.3', qa: 'v4.8', envs: 'current/envs'})
    expect(existsSync(join(base, '.condamig', 'history.jsonl'))).toBe(false)
  })

  it('refuses when an env failed to replicate or verify, naming it', async () => {
    const base = makeCycleBase()
    writeReports(base, {
      replicate: [replicateRow('hlink'), replicateRow('nhis', 'failed', 'solve', 'unsatisfiable')],
      verify: [verifyRow('hlink', 'drift', 'failed'), verifyRow('nhis', 'python')],
    })
    const error = await cutover(testContext(base), options()).catch((e: unknown) => e)
    expect((error as Error).message).toContain('nhis (failed: solve/unsatisfiable)')
    expect((error as Error).message).toContain('verify failed in reports/verify-latest.csv: hlink (drift)')
    expect(links(base).current).toBe('v4.3')
  })

  it('refuses when there is no qa', async () => {
    const base = makeCycleBase()
    rmSync(join(base, 'qa'))
    cleanReports(base)
    await expect(cutover(testContext(base), options())).rejects.toThrow(/qa is missing/)
  })

  it('goes ahead with --allow-failures and lists what it let through', async () => {
    const base = makeCycleBase()
    const result = await cutover(testContext(base), options({allowFailures: true}))
    expect(links(base).current).toBe('v4.8')
    expect(result.waived).toEqual([
      'no replicate report (reports/replicate-latest.csv): run condamig replicate (--allow-failures)',
      'no verify report (reports/verify-latest.csv): run condamig verify (--allow-failures)',
    ])
  })

  it('shows the plan and changes nothing with --dry-run, without --yes', async () => {
    const base = makeCycleBase()
    cleanReports(base)
    const result = await cutover(testContext(base), options({yes: false, dryRun: true}))
    expect(result).toMatchObject({applied: false, dryRun: true, from: 'v4.3', to: 'v4.8'})
    expect(result.steps).toEqual([
      'journal: cutover v4.3 -> v4.8 (begin) in .condamig/history.jsonl',
      'current -> v4.8 (a temporary link renamed into place)',
      'remove qa',
      'journal: cutover v4.3 -> v4.8 (done) in .condamig/history.jsonl',
    ])
    expect(links(base)).toEqual({current: 'v4.3', qa: 'v4.8', envs: 'current/envs'})
    expect(existsSync(join(base, '.condamig', 'history.jsonl'))).toBe(false)
  })

  it('needs --yes when nobody can be asked', async () => {
    const base = makeCycleBase()
    cleanReports(base)
    const error = await cutover(testContext(base), options({yes: false})).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BadInputError)
    expect((error as Error).message).toBe('cutover needs --yes when not run from a terminal')
    expect(links(base).current).toBe('v4.3')
  })

  it('asks on a terminal: no changes nothing, yes cuts over', async () => {
    const base = makeCycleBase()
    cleanReports(base)
    const questions: string[] = []
    const answer = (yes: boolean) => async (question: string) => (questions.push(question), yes)
    const ctx = testContext(base)
    const declined = await cutover(ctx, options({yes: false, interactive: true, confirm: answer(false)})).catch(
      (e: unknown) => e,
    )
    expect(declined).toBeInstanceOf(RefusedError)
    expect((declined as Error).message).toBe('cutover not confirmed: nothing changed')
    expect(links(base).current).toBe('v4.3')
    // the human saw the plan before the question
    expect(ctx.lines).toContain('  current -> v4.8 (a temporary link renamed into place)')
    await cutover(ctx, options({yes: false, interactive: true, confirm: answer(true)}))
    expect(links(base).current).toBe('v4.8')
    expect(questions).toEqual(['Make v4.8 production (current -> v4.8)?', 'Make v4.8 production (current -> v4.8)?'])
  })

  it('stops with exit 130 and changes nothing when interrupted at the prompt', async () => {
    const base = makeCycleBase()
    cleanReports(base)
    const abort = new AbortController()
    const confirm = async () => {
      abort.abort()
      return false
    }

    const ctx = testContext(base, {signal: abort.signal})
    await expect(cutover(ctx, options({yes: false, interactive: true, confirm}))).rejects.toBeInstanceOf(
      InterruptedError,
    )
    expect(links(base).current).toBe('v4.3')
  })

  it('is refused while another run holds the lock, naming the holder', async () => {
    const base = makeCycleBase()
    cleanReports(base)
    const lock = await acquireLock(join(base, '.condamig', 'lock'), {
      command: 'condamig replicate',
      user: 'ann',
      host: 'node7',
    })
    try {
      await expect(cutover(testContext(base), options())).rejects.toThrow(/condamig replicate/)
      expect(links(base).current).toBe('v4.3')
    } finally {
      lock.release()
    }
  })
})

describe('cutover --rewrite-kernels', () => {
  const kernel = (python: string) =>
    `{\n "argv": [\n  "${python}",\n  "-m",\n  "ipykernel_launcher",\n  "-f",\n  "{connection_file}"\n ],\n "display_name": "HLink",\n "language": "python",\n "metadata": {"debugger": true}\n}\n`

  it('points a pinned kernel at BASE/envs, changing only argv[0] and keeping a backup', async () => {
    // Given a kernel pinned to the old root, flagged by verify
    const base = makeCycleBase()
    const pinned = kernel(join(base, 'v4.3', 'envs', 'hlink', 'bin', 'python'))
    makeTree(join(base, 'kernels'), {
      hlink: {'kernel.json': pinned},
      stable: {'kernel.json': kernel(join(base, 'envs', 'nhis', 'bin', 'python'))},
    })
    const kernelFile = join(base, 'kernels', 'hlink', 'kernel.json')
    writeReports(base, {
      replicate: [replicateRow('hlink'), replicateRow('nhis')],
      verify: [
        verifyRow('hlink', 'python'),
        verifyRow('hlink', 'kernel', 'failed', `pinned kernel hlink (${kernelFile})`),
        verifyRow('nhis', 'python'),
      ],
    })
    // When cutting over without --rewrite-kernels, the pinned kernel blocks it
    await expect(cutover(testContext(base), options())).rejects.toThrow(/verify failed .*hlink \(kernel\)/)
    // When cutting over with it
    const result = await cutover(testContext(base), options({rewriteKernels: true}))
    // Then argv[0] follows current, everything else of the document is as it was, and the original is kept
    const rewritten = readFileSync(kernelFile, 'utf8')
    expect(rewritten).toBe(pinned.replace(join(base, 'v4.3', 'envs'), join(base, 'envs')))
    const [done] = result.kernels
    expect(done).toMatchObject({kernel: 'hlink', from: join(base, 'v4.3/envs/hlink/bin/python')})
    expect(readFileSync(done?.backup ?? '', 'utf8')).toBe(pinned)
    expect(result.waived).toEqual([`hlink: pinned kernel hlink (${kernelFile}) (--rewrite-kernels rewrites it)`])
    // And the kernel that was not pinned is untouched
    expect(result.kernels).toHaveLength(1)
  })

  it('leaves a pinned kernel alone when the new root lacks its env', async () => {
    const base = makeCycleBase()
    makeTree(join(base, 'kernels'), {old: {'kernel.json': kernel(join(base, 'v4.3', 'envs', 'old', 'bin', 'python'))}})
    const before = readFileSync(join(base, 'kernels', 'old', 'kernel.json'), 'utf8')
    const result = await cutover(testContext(base), options({rewriteKernels: true, allowFailures: true}))
    expect(result.kernels[0]?.skipped).toBe('env old is not in the new root; left pinned to v4.3')
    expect(readFileSync(join(base, 'kernels', 'old', 'kernel.json'), 'utf8')).toBe(before)
  })
})
