import {spawn} from 'node:child_process'
import {mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {basename, join} from 'node:path'
import {describe, expect, it, onTestFinished} from 'vitest'

import type {RunRequest, Runner} from '../../../src/system/runner.js'
import {replicate} from '../../../src/workflows/replicate.js'
import {doubleEnv} from '../../support/double.js'
import {FakeRunner} from '../../support/fake-runner.js'
import {makeQaBase, specYaml, syntheticWorld, testContext, writeIni, writeSpec} from '../../support/qa-base.js'

const ENVS = ['a', 'b', 'c', 'd']
const DOWNLOAD_ONLY = JSON.stringify({
  exception_name: 'CondaExitZero',
  message: 'Package caches prepared. UnlinkLinkTransaction cancelled with --download-only option.',
  error: 'CondaExitZero: Package caches prepared. UnlinkLinkTransaction cancelled with --download-only option.',
})

const DRY_RUN = JSON.stringify({
  success: true,
  dry_run: true,
  actions: {FETCH: [], LINK: [{dist_name: 'python-3.11.7-h986121c_0'}, {dist_name: 'numpy-1.26.4-py311h64a7726_0'}]},
})

/** A minimal base whose qa root answers through a runner that records when each stage starts and ends. */
const recordingBase = () => {
  const dir = mkdtempSync(join(tmpdir(), 'condamig-gate-'))
  onTestFinished(() => rmSync(dir, {recursive: true, force: true}))
  for (const root of ['v1', 'v2']) {
    mkdirSync(join(dir, root, 'bin'), {recursive: true})
    mkdirSync(join(dir, root, 'conda-meta'))
    writeFileSync(join(dir, root, 'bin', 'conda'), '')
  }

  symlinkSync('v1', join(dir, 'current'))
  symlinkSync('v2', join(dir, 'qa'))
  writeIni(dir, Object.fromEntries(ENVS.map((name) => [name, 'REPLICATE' as const])))
  for (const name of ENVS) writeSpec(dir, name, specYaml(name, ['python=3.11.7', 'numpy=1.26.4']))
  const fake = new FakeRunner()
    .on('conda --version', {stdout: 'conda 26.7.1\n'})
    .on(/--dry-run/, {stdout: DRY_RUN}, {delayMs: 100})
    .on(/--download-only/, {stdout: DOWNLOAD_ONLY}, {delayMs: 60})
    .on(/--offline/, {stdout: '{"success": true}'}, {delayMs: 300})
  const events: string[] = []
  const stage = (request: RunRequest) =>
    request.args.includes('--download-only') ? 'fetch' : request.args.includes('--dry-run') ? 'solve' : 'create'
  const env = (request: RunRequest) => basename(request.args[request.args.indexOf('-p') + 1] ?? '')
  const runner: Runner = {
    async run(request) {
      // the solver probe (a dry-run create of nothing, once per run) is not a stage of an env
      const probe = env(request).startsWith('.condamig-solver-probe-')
      const label = request.args[0] === 'create' && !probe ? `${stage(request)}:${env(request)}` : undefined
      if (label) events.push(`start ${label}`)
      const result = await fake.run(request)
      if (label) events.push(`end ${label}`)
      return result
    },
  }
  return {dir, runner, events}
}

/** Pairs of stages of the given kind that ran at the same time. */
const overlaps = (events: string[], kind: string): number => {
  let running = 0
  let most = 0
  for (const event of events) {
    if (!event.includes(` ${kind}:`)) continue
    running += event.startsWith('start') ? 1 : -1
    most = Math.max(most, running)
  }

  return most
}

/** Solves and creates that ran at the same time as a fetch (started before it ended, ended after it started). */
const runningDuringFetch = (events: string[]): string[] => {
  const running = new Set<string>()
  const seen = new Set<string>()
  for (const event of events) {
    const [edge, label = ''] = event.split(' ')
    if (edge === 'start') running.add(label)
    else running.delete(label)
    const fetching = [...running].some((l) => l.startsWith('fetch:'))
    if (fetching) for (const l of running) if (!l.startsWith('fetch:')) seen.add(l)
  }
  return [...seen]
}

describe('replicate --parallel: safe sharing of the package cache', () => {
  it('solves in parallel, fills the cache one env at a time, links envs in parallel', async () => {
    const {dir, runner, events} = recordingBase()

    const result = await replicate(testContext(dir, {runner}), {
      envs: [],
      retryFailed: false,
      dryRun: false,
      keepFailed: false,
      flags: {parallel: 4},
    })

    expect(result.summary.ok).toBe(4)
    expect(overlaps(events, 'fetch')).toBe(1) // never two cache fills at once
    // and no other conda process of the root runs during a fill: conda extracts half-extracted packages it loads
    expect(runningDuringFetch(events)).toEqual([])
    // the first env finds the gate free and solves inside its fetch; the others solve side by side meanwhile
    expect(events.filter((e) => e.startsWith('start solve:')).length).toBeLessThan(ENVS.length)
    expect(overlaps(events, 'solve')).toBeGreaterThan(1)
    expect(overlaps(events, 'create')).toBeGreaterThan(1) // and offline linking runs side by side too
    for (const name of ENVS) {
      const solved = events.indexOf(`end solve:${name}`)
      if (solved >= 0) expect(solved).toBeLessThan(events.indexOf(`start fetch:${name}`))
      expect(events.indexOf(`end fetch:${name}`)).toBeLessThan(events.indexOf(`start create:${name}`))
    }
  })

  it('skips the gated fetch of an env whose solution is already extracted in the qa cache', async () => {
    const {dir, runner, events} = recordingBase()
    for (const dist of ['python-3.11.7-h986121c_0', 'numpy-1.26.4-py311h64a7726_0']) {
      mkdirSync(join(dir, 'v2', 'pkgs', dist, 'info'), {recursive: true})
      writeFileSync(join(dir, 'v2', 'pkgs', dist, 'info', 'repodata_record.json'), '{}')
    }

    const result = await replicate(testContext(dir, {runner}), {
      envs: [],
      retryFailed: false,
      dryRun: false,
      keepFailed: false,
      flags: {parallel: 4},
    })

    expect(result.summary.ok).toBe(4)
    // only an env that found the gate free fetched (solving inside it); the others solved and saw the cache full
    expect(events.filter((e) => e.startsWith('start fetch:')).length).toBeLessThanOrEqual(1)
    expect(events.filter((e) => e.startsWith('start solve:')).length).toBeGreaterThanOrEqual(3)
    expect(events.filter((e) => e.startsWith('start create:'))).toHaveLength(4)
  })

  it('builds four envs needing the same packages on a cold cache with --parallel 4, where bare parallel conda collides', async () => {
    // Given a double whose package extraction takes long enough for parallel creates to collide
    const world = syntheticWorld({delays: {extractMs: 150}})
    const qa = await makeQaBase({world})
    const specs = ['python=3.11.7', 'numpy=1.26.4', 'pandas=2.1.4', 'requests=2.31.0', 'hlinkutils=0.4.1']

    // Control: four bare `conda create` at once in a scratch root with a cold cache → at least one fails
    const scratch = join(qa.base, '..', 'scratch')
    const {installRoot} = await import('../../support/double.js')
    const root = await installRoot({base: scratch, name: 'r', condaVersion: '26.7.1', world: qa.world})
    const bare = await Promise.all(
      ENVS.map(
        (name) =>
          new Promise<number | null>((resolve) => {
            const child = spawn(
              join(root, 'bin', 'conda'),
              ['create', '-y', '-p', join(root, 'envs', name), ...specs],
              {
                env: {...process.env, ...doubleEnv(qa.world)},
                stdio: 'ignore',
              },
            )
            child.on('close', resolve)
          }),
      ),
    )
    expect(bare.filter((code) => code !== 0).length).toBeGreaterThan(0)

    // When condamig replicates the same four envs into qa with a cold cache
    writeIni(qa.base, Object.fromEntries(ENVS.map((name) => [name, 'REPLICATE' as const])))
    for (const name of ENVS) writeSpec(qa.base, name, specYaml(name, specs))
    const result = await replicate(testContext(qa.base), {
      envs: [],
      retryFailed: false,
      dryRun: false,
      keepFailed: false,
      flags: {parallel: 4},
    })

    // Then every env is built and imports its packages
    expect(result.outcomes.map((o) => o.status)).toEqual(['ok', 'ok', 'ok', 'ok'])
    for (const name of ENVS) {
      const meta = readdirSync(join(qa.newRoot, 'envs', name, 'conda-meta'))
      expect(meta).toEqual(
        expect.arrayContaining([expect.stringMatching(/^pandas-2\.1\.4-/), expect.stringMatching(/^numpy-1\.26\.4-/)]),
      )
    }
  }, 60_000)
})
