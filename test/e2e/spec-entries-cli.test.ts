import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {makeQaBase, specYaml, writeIni, writeSpec} from '../support/qa-base.js'
import {runCli} from '../support/run-cli.js'

// Issue 8, point 6, from the command line: a spec entry conda or pip would read as an option is refused with its
// file:line by plan, and replicate fails that env at stage spec without running anything for it; the pip options a
// real export carries pass, named by plan.

type Outcome = {environment: string; status: string; failure?: {stage: string; message: string; packages: string[]}}

describe('condamig plan / replicate: spec entries are data, not options', () => {
  it('refuses `-cmd` under pip and a channel `--override` with file:line, and builds the env next to it', async () => {
    const qa = await makeQaBase()
    writeIni(qa.base, {bad: 'REPLICATE', good: 'REPLICATE'})
    // line 4: the channel, line 9: the pip entry
    writeSpec(qa.base, 'bad', specYaml('bad', ['python=3.11.7', 'pip'], ['-cmd'], ['defaults', '--override']))
    writeSpec(
      qa.base,
      'good',
      specYaml(
        'good',
        ['python=3.11.7', 'pip', 'requests'],
        ['--extra-index-url https://pypi.org/simple', 'hlink-client==1.0.0'],
      ),
    )

    // plan: the refusal, with each entry's file:line; the passed option named
    const planned = await runCli(['plan', '--base', qa.base, '--json'])
    expect(planned.exitCode).toBe(0)
    const doc = JSON.parse(planned.stdout)
    const [bad, good] = doc.environments
    expect(bad.plan.refusal.message).toContain('env_specs/bad.yml:4: --override: starts with `-`')
    expect(bad.plan.refusal.message).toContain('env_specs/bad.yml:9: -cmd: not a pip option condamig passes')
    expect(bad.plan.refusal.message).toContain('pip would read it as `-c md`')
    expect(bad.specYaml).not.toContain('-cmd')
    expect(bad.specYaml).not.toContain('--override')
    expect(good.plan.refusal).toBeUndefined()
    expect(good.plan.pipOptions).toEqual([
      {
        option: '--extra-index-url',
        value: 'https://pypi.org/simple',
        raw: '--extra-index-url https://pypi.org/simple',
        line: 9,
      },
    ])
    const human = await runCli(['plan', '--base', qa.base])
    expect(human.stdout).toMatch(/== bad .*\n\s+REFUSED \(\w+\): env_specs\/bad\.yml:4: --override: /)
    expect(human.stdout).toMatch(
      /Pip options passed to pip:\n\s+--extra-index-url https:\/\/pypi\.org\/simple \(line 9\): pip also looks/,
    )

    // replicate: bad fails at stage spec, nothing of it runs; good is built
    const replicated = await runCli(['replicate', '--base', qa.base, '--json'])
    expect(replicated.exitCode).toBe(1)
    const outcomes = JSON.parse(replicated.stdout).outcomes as Outcome[]
    const badOutcome = outcomes.find((o) => o.environment === 'bad')
    expect(badOutcome).toMatchObject({status: 'failed', failure: {stage: 'spec', packages: ['--override', '-cmd']}})
    expect(badOutcome?.failure?.message).toMatch(
      /^env_specs\/bad\.yml:4: --override: .*; env_specs\/bad\.yml:9: -cmd: /,
    )
    expect(outcomes.find((o) => o.environment === 'good')?.status).toBe('ok')
    expect(existsSync(join(qa.base, 'qa', 'envs', 'bad'))).toBe(false)
    const logs = join(qa.base, 'logs', 'replicate')
    const written = readdirSync(logs, {recursive: true}).map(String)
    expect(written.filter((name) => name.endsWith('bad.requirements.txt'))).toEqual([])
    const goodRequirements = written.find((name) => name.endsWith('good.requirements.txt'))
    expect(readFileSync(join(logs, goodRequirements ?? ''), 'utf8')).toBe(
      '--extra-index-url https://pypi.org/simple\nhlink-client==1.0.0\n',
    )
    const report = readFileSync(join(qa.base, 'reports', 'replicate-latest.csv'), 'utf8')
    expect(report).toMatch(/\nbad,failed,spec,\w+,/)
  })
})
