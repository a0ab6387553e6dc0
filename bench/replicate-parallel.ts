// Parallel replicate (issue 3 point 6): 40 envs, the double's create delay at 0.5 s. `--parallel 4` wall time against
// the ideal, ceil(40/4) × 0.5 s + the serialised cache steps (measured: the `--download-only` calls run one at a
// time under the cache gate), goal ≤ 1.2 × ideal; and against `--parallel 1` on a fresh qa root in the same run,
// goal ≥ 3.3× faster. Each measurement gets a fresh base; every conda call is timed to show where the time goes.
import {ExecaRunner} from '../src/system/execa-runner.js'
import type {RunRequest} from '../src/system/runner.js'
import {replicate} from '../src/workflows/replicate.js'
import {testContext} from '../test/support/qa-base.js'
import type {Check} from './support/check.js'
import {isMain, runAlone, type BenchOptions} from './support/main.js'
import {coveredMs, timingRunner, type TimedCall} from './support/replay-runner.js'
import {makeReplicateBase} from './support/replicate-base.js'
import {median, round, timed} from './support/stats.js'

const LINK_MS = 500

/** One replicate run: its wall time and the time its conda calls took, by kind. */
export type ReplicateRun = {
  parallel: number
  wallMs: number
  /** Sum of the `--download-only` calls (they never overlap: the cache gate). */
  cacheMs: number
  cacheCalls: number
  /** Median duration of one offline create (linking: the 0.5 s delay plus the double's own process cost). */
  linkCallMs: number
  /** Time during which at least one link ran. */
  linkCoveredMs: number
  /** Median of `conda --version` calls: the double's process start-up, the floor of every call. */
  versionCallMs: number
}

export type ReplicateParallel = {
  envs: number
  linkMs: number
  p4: ReplicateRun
  p1: ReplicateRun
  idealMs: number
  wallToIdeal: number
  speedup: number
  /** Share of the --parallel 4 wall time during which a cache step ran. */
  gateBusyShare: number
  /** The best --parallel 4 speed-up possible with the cache steps serial: p1 wall / p1 cache steps, at most 4. */
  speedupBound: number
  checks: Check[]
}

const kind = (request: RunRequest): string | undefined => {
  if (request.args.includes('--download-only')) return 'cache'
  if (request.args[0] === 'create') return 'link'
  if (request.args[0] === '--version') return 'version'
  return undefined
}

const durations = (calls: readonly TimedCall[], label: string) =>
  calls.filter((call) => call.label === label).map((call) => call.end - call.start)

/** Replicates `count` envs into a fresh qa root with `--parallel N`; throws unless every env came out ok. */
const measure = async (count: number, parallel: number, log: BenchOptions['log']): Promise<ReplicateRun> => {
  const fixture = await makeReplicateBase(count, LINK_MS)
  try {
    const runner = timingRunner(new ExecaRunner(), kind)
    const ctx = testContext(fixture.base, {runner})
    const {value: result, ms: wallMs} = await timed(() =>
      replicate(ctx, {envs: [], retryFailed: false, dryRun: false, keepFailed: false, flags: {parallel}}),
    )
    if (result.summary.ok !== count) {
      const bad = result.outcomes.filter((o) => o.status !== 'ok').map((o) => `${o.environment}: ${o.failure?.message}`)
      throw new Error(`replicate --parallel ${parallel}: ${bad.length} envs not ok: ${bad.slice(0, 3).join('; ')}`)
    }

    const cache = durations(runner.calls, 'cache')
    const run: ReplicateRun = {
      parallel,
      wallMs: round(wallMs, 0),
      cacheMs: round(
        cache.reduce((sum, ms) => sum + ms, 0),
        0,
      ),
      cacheCalls: cache.length,
      linkCallMs: round(median(durations(runner.calls, 'link')), 0),
      linkCoveredMs: round(coveredMs(runner.calls.filter((call) => call.label === 'link')), 0),
      versionCallMs: round(median(durations(runner.calls, 'version')), 0),
    }
    log(
      `--parallel ${parallel}: ${round(wallMs / 1000, 2)} s, cache steps ${round(run.cacheMs / 1000, 2)} s in ${run.cacheCalls} calls, one link ${run.linkCallMs} ms`,
    )
    return run
  } finally {
    fixture.remove()
  }
}

/** Replicates with --parallel 4 and --parallel 1, each on a fresh base, and compares them with the ideal. */
export const benchReplicateParallel = async ({quick, log}: BenchOptions): Promise<ReplicateParallel> => {
  const count = quick ? 16 : 40
  log(`${count} envs, the double's create delay ${LINK_MS} ms: --parallel 4, then --parallel 1, fresh bases`)
  const p4 = await measure(count, 4, log)
  const p1 = await measure(count, 1, log)
  const idealMs = Math.ceil(count / 4) * LINK_MS + p4.cacheMs
  const wallToIdeal = p4.wallMs / idealMs
  const speedup = p1.wallMs / p4.wallMs
  // when every env passes the gate once, N workers cannot beat the serial cache steps (Amdahl)
  const gateBusy = p4.cacheMs / p4.wallMs
  const bound = Math.min(4, p1.wallMs / p1.cacheMs)
  const bench = 'replicate-parallel'
  const s = (ms: number) => round(ms / 1000, 2)
  return {
    envs: count,
    linkMs: LINK_MS,
    p4,
    p1,
    idealMs,
    wallToIdeal: round(wallToIdeal, 3),
    speedup: round(speedup, 2),
    gateBusyShare: round(gateBusy, 3),
    speedupBound: round(bound, 2),
    checks: [
      {bench, metric: `--parallel 4 wall (${count} envs)`, value: s(p4.wallMs), unit: 's'},
      {
        bench,
        metric: `ideal: ceil(${count}/4) × ${LINK_MS / 1000} s + serialised cache steps`,
        value: s(idealMs),
        unit: 's',
      },
      {bench, metric: '  of it: serialised cache steps (--download-only)', value: s(p4.cacheMs), unit: 's'},
      {
        bench,
        metric: '--parallel 4 wall / ideal',
        value: round(wallToIdeal, 2),
        unit: '×',
        goal: {op: '<=', limit: 1.2},
      },
      {bench, metric: `--parallel 1 wall (${count} envs)`, value: s(p1.wallMs), unit: 's'},
      {
        bench,
        metric: '--parallel 1 wall / --parallel 4 wall',
        value: round(speedup, 2),
        unit: '×',
        goal: {op: '>=', limit: 3.3},
      },
      {bench, metric: '  cache gate busy, share of --parallel 4 wall', value: round(100 * gateBusy, 0), unit: '%'},
      {
        bench,
        metric: '  speed-up bound with serial cache steps: p1 wall / p1 cache',
        value: round(bound, 2),
        unit: '×',
      },
      {bench, metric: 'one link call (0.5 s delay + double process)', value: p4.linkCallMs, unit: 'ms'},
      {
        bench,
        metric: 'one cache call (--download-only)',
        value: round(p4.cacheMs / Math.max(1, p4.cacheCalls), 0),
        unit: 'ms',
      },
      {bench, metric: "double's process floor (conda --version)", value: p4.versionCallMs, unit: 'ms'},
    ],
  }
}

if (isMain(import.meta.url)) await runAlone('replicate-parallel', benchReplicateParallel)
