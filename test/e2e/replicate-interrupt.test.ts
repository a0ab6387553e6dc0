import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {readCsvReport} from '../../src/system/csv-report.js'
import {liveProcessesMentioning} from '../support/processes.js'
import {makeQaBase, specYaml, syntheticWorld, writeIni, writeSpec} from '../support/qa-base.js'
import {runCli} from '../support/run-cli.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Resolves once `check` holds, polling; fails the test after `ms`. */
const until = async (check: () => boolean, ms = 30_000) => {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time')
    await sleep(50)
  }
}

const logsMention = (base: string, text: string): boolean => {
  const dir = join(base, 'logs', 'replicate')
  if (!existsSync(dir)) return false
  return readdirSync(dir).some((run) =>
    readdirSync(join(dir, run)).some((file) => readFileSync(join(dir, run, file), 'utf8').includes(text)),
  )
}

describe('replicate interrupted', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`on ${signal}: stops and reaps conda, removes the half-built prefixes, writes the report, exits 130`, async () => {
      // Given envs whose conda create hangs while linking, and one more that never gets to start
      const qa = await makeQaBase({
        world: syntheticWorld({
          failures: [
            {command: 'create', env: 'a', stage: 'link', action: 'hang'},
            {command: 'create', env: 'b', stage: 'link', action: 'hang'},
          ],
        }),
      })
      writeIni(qa.base, {a: 'REPLICATE', b: 'REPLICATE', c: 'REPLICATE'})
      for (const name of ['a', 'b', 'c']) writeSpec(qa.base, name, specYaml(name, ['python=3.11.7']))

      // When the CLI gets the signal while both creates are linking
      let pid = 0
      const running = runCli(['replicate', '--base', qa.base, '--parallel', '2'], {onSpawn: (p) => (pid = p)})
      await until(
        () =>
          logsMention(qa.base, '--offline') &&
          existsSync(join(qa.newRoot, 'envs', 'a')) &&
          existsSync(join(qa.newRoot, 'envs', 'b')),
      )
      await sleep(300)
      process.kill(pid, signal)
      const result = await running

      // Then it exits 130 with one line saying so, leaving no conda process and no half-built prefix
      expect(result.exitCode).toBe(130)
      expect(result.stderr).toMatch(/interrupted/)
      expect(liveProcessesMentioning(qa.base)).toEqual([])
      expect(readdirSync(join(qa.newRoot, 'envs'))).toEqual([])
      expect(readdirSync(join(qa.base, '.condamig', 'building'))).toEqual([])
      expect(existsSync(join(qa.base, '.condamig', 'lock'))).toBe(false)
      // and a valid report: the two running envs and the one never started are interrupted
      const rows = readCsvReport(join(qa.base, 'reports', 'replicate-latest.csv'))
      expect(rows.map((r) => [r.environment, r.status, r.category])).toEqual([
        ['a', 'interrupted', 'interrupted'],
        ['b', 'interrupted', 'interrupted'],
        ['c', 'interrupted', 'interrupted'],
      ])
    }, 60_000)
  }
})
