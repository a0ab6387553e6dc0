import {mkdirSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {hostname} from 'node:os'
import {join} from 'node:path'
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import Status from '../../../commands/status.js'
import type {JournalEntry} from '../../../src/domain/flip.js'
import {REPORT_COLUMNS, VERIFY_COLUMNS} from '../../../src/domain/report.js'
import {reportTimestamp, writeCsvReport} from '../../../src/system/csv-report.js'
import {appendJournal} from '../../../src/system/journal.js'
import {acquireLock} from '../../../src/system/lock.js'
import {status, type StatusResult} from '../../../src/workflows/status.js'
import {
  hashTree,
  makeBase,
  runCommand,
  SAMPLE,
  type SampleBase,
  tmpDir,
  workflowContext,
} from '../../support/make-base.js'

let sample: SampleBase
let base: string
beforeAll(async () => {
  sample = await makeBase(tmpDir(), SAMPLE, {cleanup: 'manual'})
  base = sample.base
})
afterAll(() => sample?.cleanup())
afterEach(() => {
  // back to the sample's state: links as made, no history
  for (const name of ['current', 'qa', 'envs']) rmSync(join(base, name), {recursive: true, force: true})
  symlinkSync('v23', join(base, 'current'))
  symlinkSync('v26', join(base, 'qa'))
  for (const name of ['env_specs', 'reports', '.condamig']) rmSync(join(base, name), {recursive: true, force: true})
  writeFileSync(join(base, 'condamig.ini'), SAMPLE.ini ?? '')
})

const fresh = (): StatusResult => ({
  base,
  links: {
    current: {kind: 'link', target: 'v23', relative: true, resolves: true, resolved: join(base, 'v23')},
    qa: {kind: 'link', target: 'v26', relative: true, resolves: true, resolved: join(base, 'v26')},
    envs: {kind: 'missing'},
  },
  roots: [
    {name: 'v23', conda: '23.7.4', python: '3.11.4', envs: 3, links: ['current']},
    {name: 'v26', conda: '26.7.1', python: '3.13.7', envs: 0, links: ['qa']},
  ],
  lastExport: null,
  lastReplicate: null,
  lastVerify: null,
  lock: null,
  journal: [],
  warnings: [],
})

const entry = (n: number): JournalEntry => {
  const cutover = n % 2 === 0
  return {
    id: `tx-${Math.floor(n / 2)}-${n % 2}`,
    action: cutover ? 'cutover' : 'rollback',
    from: cutover ? 'v23' : 'v26',
    to: cutover ? 'v26' : 'v23',
    qaFrom: cutover ? 'v26' : null,
    qaTo: cutover ? null : 'v26',
    time: `2026-11-2${n}T10:00:00Z`,
    user: 'alice',
    host: 'hpc1',
    phase: 'done',
  }
}

describe('status', () => {
  it('reports every root with its conda and python versions and env count, and where the links point', async () => {
    const before = hashTree(base)

    const result = await status(workflowContext(base))

    expect(result).toEqual(fresh())
    expect(hashTree(base)).toBe(before)
  })

  it('tells a relative link from an absolute, a dangling one, a directory and an absent link', async () => {
    // Given current through an absolute path, qa dangling, envs a real directory
    rmSync(join(base, 'current'))
    symlinkSync(join(base, 'v23'), join(base, 'current'))
    rmSync(join(base, 'qa'))
    symlinkSync('v99', join(base, 'qa'))
    mkdirSync(join(base, 'envs'))

    const result = await status(workflowContext(base))

    expect(result.links).toEqual({
      current: {kind: 'link', target: join(base, 'v23'), relative: false, resolves: true, resolved: join(base, 'v23')},
      qa: {kind: 'link', target: 'v99', relative: true, resolves: false},
      envs: {kind: 'not-a-link'},
    })
    expect(result.roots.map((root) => [root.name, root.links])).toEqual([
      ['v23', ['current']],
      ['v26', []],
    ])
  })

  it('reports the last export, replicate and verify, the lock holder and the tail of the journal', async () => {
    // Given two exports at different times (and a meta file that is not JSON), two reports, 8 journal lines, a lock
    mkdirSync(join(base, 'env_specs'))
    writeFileSync(join(base, 'env_specs', 'a.meta.json'), JSON.stringify({exportedAt: '2026-11-20T08:00:00.000Z'}))
    writeFileSync(join(base, 'env_specs', 'b.meta.json'), JSON.stringify({exportedAt: '2026-11-25T09:30:00.000Z'}))
    writeFileSync(join(base, 'env_specs', 'torn.meta.json'), '{"exported')
    const row = (env: string, state: string) => [env, state, state === 'ok' ? '' : 'solve', '', '', '', '', '', '1.0']
    const replicate = writeCsvReport({
      dir: join(base, 'reports'),
      kind: 'replicate',
      columns: REPORT_COLUMNS,
      rows: [row('a', 'ok'), row('b', 'ok'), row('c', 'failed'), row('d', 'skipped')],
      run: reportTimestamp(new Date('2026-11-25T10:00:00Z')),
    })
    const verify = writeCsvReport({
      dir: join(base, 'reports'),
      kind: 'verify',
      columns: VERIFY_COLUMNS,
      rows: [row('a', 'ok'), row('b', 'interrupted')],
      run: reportTimestamp(new Date('2026-11-25T11:00:00Z')),
    })
    const journal = [0, 1, 2, 3, 4, 5, 6, 7].map(entry)
    for (const line of journal) appendJournal(join(base, '.condamig', 'history.jsonl'), line)
    const lock = await acquireLock(join(base, '.condamig', 'lock'), {
      command: 'condamig replicate',
      user: 'carol',
      host: hostname(),
    })

    try {
      // When status reads the base
      const result = await status(workflowContext(base))

      // Then it reports each of them
      expect(result.lastExport).toEqual({time: '2026-11-25T09:30:00.000Z', specs: 2})
      expect(result.lastReplicate).toEqual({
        file: replicate.latest,
        time: statSync(replicate.latest).mtime.toISOString(),
        counts: {ok: 2, failed: 1, skipped: 1, interrupted: 0, total: 4},
      })
      expect(result.lastVerify).toEqual({
        file: verify.latest,
        time: statSync(verify.latest).mtime.toISOString(),
        counts: {ok: 1, failed: 0, skipped: 0, interrupted: 1, total: 2},
      })
      expect(JSON.parse(result.lock ?? '{}')).toMatchObject({user: 'carol', host: hostname(), pid: process.pid})
      expect(result.journal).toEqual(journal.slice(-5))
      expect(result.warnings).toEqual([])
    } finally {
      lock.release()
    }
  })

  it('prints one JSON document with --json and a summary by default, changing nothing', async () => {
    const before = hashTree(base)

    const json = await runCommand(Status, ['--base', base, '--json'])
    const human = await runCommand(Status, ['--base', base])

    expect(json.exitCode).toBe(0)
    expect(JSON.parse(json.stdout)).toEqual(fresh())
    expect(human.exitCode).toBe(0)
    expect(human.stdout.split('\n').slice(0, 8)).toEqual([
      `base ${base}`,
      '  current -> v23',
      '  qa -> v26',
      '  envs: absent',
      '',
      'ROOT  CONDA   PYTHON  ENVS  LINKED AS',
      'v23   23.7.4  3.11.4  3     current',
      'v26   26.7.1  3.13.7  0     qa',
    ])
    expect(hashTree(base)).toBe(before)
  })

  it('still reports with a bad ini, naming the problem as a warning', async () => {
    writeFileSync(join(base, 'condamig.ini'), '[environments]\npy311 = maybe\n')

    const run = await runCommand(Status, ['--base', base, '--json'])

    expect(run.exitCode).toBe(0)
    const result = JSON.parse(run.stdout) as StatusResult
    expect(result.roots).toEqual(fresh().roots)
    expect(result.warnings).toEqual([
      `${join(base, 'condamig.ini')}:2: 'maybe' is not an action for 'py311' (use REPLICATE or export)`,
    ])
  })
})
