// One measured `replicate` on a fresh base, with every conda call timed by kind: the cache fill (`--download-only`,
// serialised by the cache gate), the offline link and `conda --version` (the double's bare process cost).
import {ExecaRunner} from '../../src/system/execa-runner.js'
import type {RunRequest} from '../../src/system/runner.js'
import {replicate} from '../../src/workflows/replicate.js'
import {testContext} from '../../test/support/qa-base.js'
import {coveredMs, timingRunner, type TimedCall} from './replay-runner.js'
import {makeReplicateBase} from './replicate-base.js'
import {cpuTime} from './cpu-time.js'
import {median, round, timed} from './stats.js'

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
  /** CPU time of condamig (this process) during the run. */
  selfCpuMs: number
  /** CPU time of the double's conda processes during the run (0 where /proc is missing). */
  childrenCpuMs: number
}

const kind = (request: RunRequest): string | undefined => {
  if (request.args.includes('--download-only')) return 'cache'
  if (request.args[0] === 'create') return 'link'
  if (request.args[0] === '--version') return 'version'
  return undefined
}

const durations = (calls: readonly TimedCall[], label: string) =>
  calls.filter((call) => call.label === label).map((call) => call.end - call.start)

/**
 * Replicates `count` envs into a fresh qa root with `--parallel N`, timing every conda call by kind; throws unless
 * every env came out ok.
 */
export const measureReplicate = async (
  o: {count: number; parallel: number; linkMs: number},
  log: (line: string) => void,
): Promise<ReplicateRun> => {
  const {count, parallel} = o
  const fixture = await makeReplicateBase(count, o.linkMs)
  try {
    const runner = timingRunner(new ExecaRunner(), kind)
    const ctx = testContext(fixture.base, {runner})
    const cpuBefore = cpuTime()
    const {value: result, ms: wallMs} = await timed(() =>
      replicate(ctx, {envs: [], retryFailed: false, dryRun: false, keepFailed: false, flags: {parallel}}),
    )
    const cpuAfter = cpuTime()
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
      selfCpuMs: round(cpuAfter.selfMs - cpuBefore.selfMs, 0),
      childrenCpuMs: round(cpuAfter.childrenMs - cpuBefore.childrenMs, 0),
    }
    log(
      `--parallel ${parallel}: ${round(wallMs / 1000, 2)} s, cache steps ${round(run.cacheMs / 1000, 2)} s in ${run.cacheCalls} calls, one link ${run.linkCallMs} ms`,
    )
    return run
  } finally {
    fixture.remove()
  }
}
