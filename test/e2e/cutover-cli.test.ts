import {spawn} from 'node:child_process'
import {existsSync, mkdtempSync, readlinkSync, realpathSync, rmSync, utimesSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it, onTestFinished} from 'vitest'

import {REPORT_COLUMNS, VERIFY_COLUMNS} from '../../src/domain/report.js'
import {reportTimestamp, writeCsvReport} from '../../src/system/csv-report.js'
import {acquireLock} from '../../src/system/lock.js'
import {condaRootTree, link, makeTree} from '../support/fs-tree.js'
import {DEV_BIN, PKG_ROOT, runCli} from '../support/run-cli.js'

/** v4.3 in production, v4.8 under QA, hlink replicated and verified clean (verify after replicate). */
const makeBase = (options: {reports?: boolean} = {}): string => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'condamig-cutover-cli-')))
  onTestFinished(() => rmSync(dir, {recursive: true, force: true}))
  const base = makeTree(join(dir, 'base'), {
    'v4.3': condaRootTree(['hlink']),
    'v4.8': condaRootTree(['hlink']),
    current: link('v4.3'),
    qa: link('v4.8'),
    envs: link('current/envs'),
    'condamig.ini': '[environments]\nhlink = REPLICATE\n',
  })
  if (options.reports === false) return base
  const at = new Date('2026-11-26T10:00:00Z')
  const later = new Date(at.getTime() + 60_000)
  const reports = join(base, 'reports')
  const rows = [['hlink', 'ok', '', '', '', '', '', 'logs/hlink.log', '1.0']]
  utimesSync(
    writeCsvReport({dir: reports, kind: 'replicate', columns: REPORT_COLUMNS, rows, run: reportTimestamp(at)}).latest,
    at,
    at,
  )
  const verifyRows = [['hlink', 'ok', 'python', 'python 3.11.7', '', '', '', 'logs/hlink.log', '0.1']]
  const verify = writeCsvReport({
    dir: reports,
    kind: 'verify',
    columns: VERIFY_COLUMNS,
    rows: verifyRows,
    run: reportTimestamp(later),
  })
  utimesSync(verify.latest, later, later)
  return base
}

const current = (base: string) => readlinkSync(join(base, 'current'))

describe('condamig cutover from the command line', () => {
  it('--yes --json cuts over and prints exactly one JSON document', async () => {
    const base = makeBase()
    const result = await runCli(['cutover', '--base', base, '--yes', '--json'])
    expect(result.exitCode).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({
      base,
      dryRun: false,
      applied: true,
      transaction: expect.stringMatching(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/),
      from: 'v4.3',
      to: 'v4.8',
      steps: [
        'journal: cutover v4.3 -> v4.8 (begin) in .condamig/history.jsonl',
        'current -> v4.8 (a temporary link renamed into place)',
        'remove qa',
        'journal: cutover v4.3 -> v4.8 (done) in .condamig/history.jsonl',
      ],
      kernels: [],
      undoCommand: `condamig rollback --base ${base}`,
      waived: [],
      warnings: [],
    })
    expect(current(base)).toBe('v4.8')
    expect(existsSync(join(base, 'qa'))).toBe(false)
  })

  it('prints what changed and the exact rollback command', async () => {
    const base = makeBase()
    const result = await runCli(['cutover', '--base', base, '--yes'])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain('cutover done: current -> v4.8 (was v4.3), qa removed')
    expect(result.stdout).toContain(`to roll back: condamig rollback --base ${base}`)
  })

  it('exits 2 without --yes when not run from a terminal, --json or not', async () => {
    const base = makeBase()
    const human = await runCli(['cutover', '--base', base])
    expect(human.exitCode).toBe(2)
    expect(human.stderr).toContain('condamig: cutover needs --yes when not run from a terminal')
    const json = await runCli(['cutover', '--base', base, '--json'])
    expect(json.exitCode).toBe(2)
    expect(JSON.parse(json.stdout)).toEqual({
      error: {
        code: 'cutover.needs-yes',
        message: 'cutover needs --yes when not run from a terminal',
        hint: 'run condamig cutover --dry-run to see what it would do, then condamig cutover --yes',
        exitCode: 2,
      },
    })
    expect(current(base)).toBe('v4.3')
  })

  it('--dry-run --json shows the plan and changes nothing', async () => {
    const base = makeBase()
    const result = await runCli(['cutover', '--base', base, '--dry-run', '--json'])
    expect(result.exitCode).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({dryRun: true, applied: false, from: 'v4.3', to: 'v4.8'})
    expect(current(base)).toBe('v4.3')
  })

  it('exits 3 listing every unmet condition', async () => {
    const base = makeBase({reports: false})
    const result = await runCli(['cutover', '--base', base, '--yes', '--json'])
    expect(result.exitCode).toBe(3)
    const {error} = JSON.parse(result.stdout) as {error: {code: string; message: string; exitCode: number}}
    expect(error.code).toBe('cutover.refused')
    expect(error.exitCode).toBe(3)
    expect(error.message).toBe(
      'cutover refused: no replicate report (reports/replicate-latest.csv): run condamig replicate; ' +
        'no verify report (reports/verify-latest.csv): run condamig verify',
    )
    expect(current(base)).toBe('v4.3')
  })

  it('exits 3 naming the holder when another condamig holds the lock', async () => {
    const base = makeBase()
    const lock = await acquireLock(join(base, '.condamig', 'lock'), {
      command: 'condamig replicate --parallel 4',
      user: 'ann',
      host: 'node7',
    })
    try {
      const result = await runCli(['cutover', '--base', base, '--yes'])
      expect(result.exitCode).toBe(3)
      expect(result.stderr).toContain('condamig replicate --parallel 4')
      expect(result.stderr).toContain('ann')
      expect(current(base)).toBe('v4.3')
    } finally {
      lock.release()
    }
  })
})

/** Runs the CLI on a pseudo-terminal (util-linux `script`), answering its prompt with `answer`. */
const runOnTerminal = (argv: string[], answer: string): Promise<{exitCode: number | null; output: string}> =>
  new Promise((resolve, reject) => {
    const command = [process.execPath, '--import', 'tsx', DEV_BIN, ...argv].map((a) => `'${a}'`).join(' ')
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: PKG_ROOT,
      env: {...process.env, NODE_ENV: 'production', CI: 'true', VITEST: undefined},
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let output = ''
    let answered = false
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (!answered && output.includes('[y/N]')) {
        answered = true
        child.stdin.write(`${answer}\n`)
      }
    })
    child.on('error', reject)
    child.on('close', (exitCode) => resolve({exitCode, output}))
  })

describe('condamig cutover on a terminal', () => {
  it('asks before flipping: n changes nothing (exit 3), y cuts over', async () => {
    const base = makeBase()
    const declined = await runOnTerminal(['cutover', '--base', base], 'n')
    expect(declined.output).toContain('Make v4.8 production (current -> v4.8)? [y/N]')
    expect(declined.output).toContain('current -> v4.8 (a temporary link renamed into place)')
    expect(declined.exitCode).toBe(3)
    expect(current(base)).toBe('v4.3')
    const accepted = await runOnTerminal(['cutover', '--base', base], 'y')
    expect(accepted.exitCode).toBe(0)
    expect(current(base)).toBe('v4.8')
  })

  it('asks even with --json on a terminal: --json does not imply --yes', async () => {
    const base = makeBase()
    const declined = await runOnTerminal(['cutover', '--base', base, '--json'], 'n')
    expect(declined.output).toContain('[y/N]')
    expect(declined.exitCode).toBe(3)
    expect(current(base)).toBe('v4.3')
  })
})
