import {existsSync, mkdtempSync, readlinkSync, realpathSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it, onTestFinished} from 'vitest'

import {condaRootTree, link, makeTree} from '../support/fs-tree.js'
import {runCli} from '../support/run-cli.js'

const makeBase = (): string => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'condamig-rollback-cli-')))
  onTestFinished(() => rmSync(dir, {recursive: true, force: true}))
  return makeTree(join(dir, 'base'), {
    'v4.3': condaRootTree(['hlink']),
    'v4.8': condaRootTree(['hlink']),
    current: link('v4.3'),
    qa: link('v4.8'),
    envs: link('current/envs'),
    'condamig.ini': '[environments]\nhlink = REPLICATE\n',
  })
}

const target = (base: string, name: string) => (existsSync(join(base, name)) ? readlinkSync(join(base, name)) : null)

describe('condamig rollback from the command line', () => {
  it('undoes a cutover and prints exactly one JSON document', async () => {
    const base = makeBase()
    const cut = await runCli(['cutover', '--base', base, '--yes', '--allow-failures', '--json'])
    expect(cut.exitCode).toBe(0)
    const {transaction} = JSON.parse(cut.stdout) as {transaction: string}
    const result = await runCli(['rollback', '--base', base, '--yes', '--json'])
    expect(result.exitCode).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({
      base,
      dryRun: false,
      applied: true,
      transaction: expect.stringMatching(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/),
      undoes: transaction,
      from: 'v4.8',
      to: 'v4.3',
      qa: 'v4.8',
      steps: [
        'journal: rollback v4.8 -> v4.3 (begin) in .condamig/history.jsonl',
        'current -> v4.3 (a temporary link renamed into place)',
        'qa -> v4.8 (a temporary link renamed into place)',
        'journal: rollback v4.8 -> v4.3 (done) in .condamig/history.jsonl',
      ],
      undoCommand: `condamig cutover --base ${base}`,
      warnings: [],
    })
    expect([target(base, 'current'), target(base, 'qa'), target(base, 'envs')]).toEqual([
      'v4.3',
      'v4.8',
      'current/envs',
    ])
  })

  it('exits 3 when there is no cutover to undo', async () => {
    const base = makeBase()
    const result = await runCli(['rollback', '--base', base, '--yes'])
    expect(result.exitCode).toBe(3)
    expect(result.stderr).toContain('rollback refused: no cutover to undo')
  })

  it('exits 2 without --yes when not run from a terminal, and --dry-run needs no --yes', async () => {
    const base = makeBase()
    await runCli(['cutover', '--base', base, '--yes', '--allow-failures'])
    const refused = await runCli(['rollback', '--base', base])
    expect(refused.exitCode).toBe(2)
    expect(refused.stderr).toContain('rollback needs --yes when not run from a terminal')
    const dry = await runCli(['rollback', '--base', base, '--dry-run'])
    expect(dry.exitCode).toBe(0)
    expect(dry.stdout).toContain('[dry run] rollback would put v4.3 back into production')
    expect(target(base, 'current')).toBe('v4.8')
  })
})
