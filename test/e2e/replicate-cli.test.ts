import {mkdirSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {makeQaBase, specYaml, writeIni, writeSpec} from '../support/qa-base.js'
import {runCli} from '../support/run-cli.js'

describe('condamig plan / replicate from the command line', () => {
  it('plan --json prints one document with each env’s changes and steps, and touches no root', async () => {
    const qa = await makeQaBase()
    writeIni(qa.base, {hlink: 'REPLICATE', other: 'export'})
    writeSpec(
      qa.base,
      'hlink',
      specYaml(
        'hlink',
        ['python=3.11.7=h986121c_0', 'menuinst=1.4.16'],
        ['Typing_Extensions==4.1', 'git+https://example.org/x.git@v1#egg=x'],
      ),
    )

    const result = await runCli(['plan', '--base', qa.base, '--json'])

    expect(result.exitCode).toBe(0)
    const doc = JSON.parse(result.stdout)
    expect(doc.environments).toHaveLength(1)
    const [env] = doc.environments
    expect(env.name).toBe('hlink')
    expect(env.plan.changes.map((c: {rule: string}) => c.rule)).toEqual(
      expect.arrayContaining(['prefix-and-builds', 'platform-dropped', 'vcs-extracted']),
    )
    expect(env.plan.steps.map((s: {kind: string}) => s.kind)).toEqual(['create', 'pip', 'git'])
    expect(env.specYaml).not.toContain('prefix:')
    expect(env.specYaml).not.toContain('h986121c_0')
  })

  it('plan shows what defaults will resolve to in qa: its .condarc default_channels, else conda’s built-in', async () => {
    const qa = await makeQaBase()
    writeIni(qa.base, {hlink: 'REPLICATE'})
    writeSpec(qa.base, 'hlink', specYaml('hlink', ['python=3.11.7']))
    const qaRoot = join(qa.base, 'qa')
    writeFileSync(join(qaRoot, '.condarc'), 'channels: [defaults]\n')

    const builtIn = await runCli(['plan', '--base', qa.base])
    expect(builtIn.stdout).toMatch(
      /defaults in qa -> \S+: https:\/\/repo\.anaconda\.com\/pkgs\/main, https:\/\/repo\.anaconda\.com\/pkgs\/r \(conda's built-in/,
    )

    writeFileSync(join(qaRoot, '.condarc'), 'default_channels:\n  - file:///srv/channel-new\n')
    const doc = JSON.parse((await runCli(['plan', '--base', qa.base, '--json'])).stdout)
    expect(doc.defaults).toMatchObject({channels: ['file:///srv/channel-new'], from: 'condarc'})
  })

  it('replicate exits 1 when an env failed and prints the outcomes as JSON', async () => {
    const qa = await makeQaBase()
    writeIni(qa.base, {good: 'REPLICATE', bad: 'REPLICATE'})
    writeSpec(qa.base, 'good', specYaml('good', ['python=3.11.7']))
    writeSpec(qa.base, 'bad', specYaml('bad', ['python=3.11.7', 'nosuchpkg=1.0']))

    const result = await runCli(['replicate', '--base', qa.base, '--json'])

    expect(result.exitCode).toBe(1)
    const doc = JSON.parse(result.stdout)
    expect(doc.outcomes.map((o: {environment: string; status: string}) => [o.environment, o.status])).toEqual([
      ['good', 'ok'],
      ['bad', 'failed'],
    ])
    expect(doc.summary).toMatchObject({ok: 1, failed: 1, total: 2})
    expect(doc.report.latest).toBe(join(qa.base, 'reports', 'replicate-latest.csv'))
  })

  it('refuses with exit 3 when another run holds the lock, naming the holder', async () => {
    const qa = await makeQaBase()
    writeIni(qa.base, {good: 'REPLICATE'})
    writeSpec(qa.base, 'good', specYaml('good', ['python=3.11.7']))
    mkdirSync(join(qa.base, '.condamig'), {recursive: true})
    const holder = {
      pid: process.pid,
      host: (await import('node:os')).hostname(),
      user: 'alice',
      command: 'condamig replicate',
      since: new Date().toISOString().replace(/\.\d+Z/, 'Z'),
    }
    writeFileSync(join(qa.base, '.condamig', 'lock'), JSON.stringify(holder))

    const result = await runCli(['replicate', '--base', qa.base])

    expect(result.exitCode).toBe(3)
    expect(result.stderr).toMatch(/held by alice@.*pid \d+.*condamig replicate/)
  })

  it('refuses with exit 3 when there is no qa root, and exits 2 on bad usage — changing nothing', async () => {
    const qa = await makeQaBase()
    writeIni(qa.base, {good: 'REPLICATE', old: 'export'})
    writeSpec(qa.base, 'good', specYaml('good', ['python=3.11.7']))

    const wrongEnv = await runCli(['replicate', '--base', qa.base, '--env', 'old'])
    expect(wrongEnv.exitCode).toBe(2)
    expect(wrongEnv.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/--env old: not marked REPLICATE in .*condamig\.ini/),
    ])
    const noReport = await runCli(['replicate', '--base', qa.base, '--retry-failed'])
    expect(noReport.exitCode).toBe(2)
    const badParallel = await runCli(['replicate', '--base', qa.base, '--parallel', '0'])
    expect(badParallel.exitCode).toBe(2)

    rmSync(join(qa.base, 'qa'))
    const noQa = await runCli(['replicate', '--base', qa.base])
    expect(noQa.exitCode).toBe(3)
    expect(noQa.stderr).toMatch(/qa does not exist/)
    expect((await import('node:fs')).readdirSync(qa.newRoot + '/envs')).toEqual([])
    expect((await import('node:fs')).existsSync(join(qa.base, 'reports'))).toBe(false)
  })
})
