/**
 * Issue 8.5 through the CLI: condamig SIGKILLed mid-replicate (kill -9: no cleanup runs) leaves its conda child
 * building into qa. The next replicate takes over the stale lock — and first stops what the dead run left running,
 * so that it never "reclaims" and rebuilds a prefix an orphan is still writing into.
 */
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {readCsvReport} from '../../src/system/csv-report.js'
import {liveProcessesMentioning} from '../support/processes.js'
import {makeQaBase, setWorld, specYaml, syntheticWorld, writeIni, writeSpec} from '../support/qa-base.js'
import {runCli} from '../support/run-cli.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const until = async (check: () => boolean, ms = 30_000) => {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time')
    await sleep(50)
  }
}

const LINK_MS = 700

describe('issue 8.5: replicate after condamig was killed -9 mid-replicate', () => {
  it('stops the orphaned conda before anything else, then builds the env once', async () => {
    // Given a replicate whose conda create links slowly (LINK_MS per package)
    const qa = await makeQaBase({world: syntheticWorld({delays: {linkMs: LINK_MS}})})
    writeIni(qa.base, {a: 'REPLICATE'})
    writeSpec(qa.base, 'a', specYaml('a', ['python=3.11.7']))
    const prefix = join(qa.newRoot, 'envs', 'a')
    let pid = 0
    const first = runCli(['replicate', '--base', qa.base], {onSpawn: (p) => (pid = p)})
    await until(() => existsSync(prefix))
    await sleep(200)

    // When condamig itself is SIGKILLed while conda is linking: its child is left running, in its own group
    process.kill(pid, 'SIGKILL')
    expect((await first).signal).toBe('SIGKILL')
    const orphans = liveProcessesMentioning(prefix)
    expect(orphans).not.toEqual([])
    expect(existsSync(join(qa.base, '.condamig', 'lock'))).toBe(true)

    // and replicate runs again (linking at full speed now)
    setWorld(qa, syntheticWorld())
    const second = await runCli(['replicate', '--base', qa.base])

    // Then it took over the lock having stopped the orphan first, said so, and built the env
    expect(second.exitCode).toBe(0)
    expect(second.stderr).toMatch(/took over a stale lock .*\(pid \d+, 'condamig replicate[^']*', gone\)/)
    expect(second.stderr).toMatch(/stopped process group \d+ it left running \(.*conda.* create /)
    expect(liveProcessesMentioning(qa.base)).toEqual([])
    // and no orphan writes into the new env afterwards: its history has one create, the report says ok
    await sleep(3 * LINK_MS)
    const history = readFileSync(join(prefix, 'conda-meta', 'history'), 'utf8')
    expect(history.match(/^# cmd: .* create /gm)).toHaveLength(1)
    const rows = readCsvReport(join(qa.base, 'reports', 'replicate-latest.csv'))
    expect(rows.map((r) => [r.environment, r.status])).toEqual([['a', 'ok']])
    expect(existsSync(join(qa.base, '.condamig', 'lock'))).toBe(false)
  }, 60_000)
})
