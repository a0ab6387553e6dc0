// Parallel replicate (issue 3 point 6): 40 envs, the double's create delay at 0.5 s. `--parallel 4` wall time against
// the ideal, ceil(40/4) × 0.5 s + the serialised cache steps (measured: the `--download-only` calls run one at a
// time under the cache gate), goal ≤ 1.2 × ideal; and against `--parallel 1` on a fresh qa root in the same run,
// goal ≥ 3.3× faster. Each measurement gets a fresh base; every conda call is timed to show where the time goes.
import {availableParallelism} from 'node:os'

import type {Check} from './support/check.js'
import {isMain, runAlone, type BenchOptions} from './support/main.js'
import {measureReplicate, type ReplicateRun} from './support/measure-replicate.js'
import {round} from './support/stats.js'

const LINK_MS = 500

const perCall = (run: ReplicateRun): number => round(run.cacheMs / Math.max(1, run.cacheCalls), 0)

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
  /** The best --parallel 4 speed-up possible with serial cache steps as long as in this run: p1 wall / p4 cache. */
  speedupBound: number
  /** CPU used by the --parallel 4 run (condamig + the double) over the CPUs available: a floor of its wall time. */
  cpuFloorMs: number
  checks: Check[]
}

/** Replicates with --parallel 4 and --parallel 1, each on a fresh base, and compares them with the ideal. */
export const benchReplicateParallel = async ({quick, log}: BenchOptions): Promise<ReplicateParallel> => {
  const count = quick ? 16 : 40
  log(`${count} envs, the double's create delay ${LINK_MS} ms: --parallel 4, then --parallel 1, fresh bases`)
  const p4 = await measureReplicate({count, parallel: 4, linkMs: LINK_MS}, log)
  const p1 = await measureReplicate({count, parallel: 1, linkMs: LINK_MS}, log)
  const idealMs = Math.ceil(count / 4) * LINK_MS + p4.cacheMs
  const wallToIdeal = p4.wallMs / idealMs
  const speedup = p1.wallMs / p4.wallMs
  // every env passes the gate once, so --parallel 4 cannot finish before its serial cache steps (Amdahl): with
  // them as long as they were in this run, p1 wall / p4 cache time is the best speed-up the design allows here
  const gateBusy = p4.cacheMs / p4.wallMs
  const bound = Math.min(4, p1.wallMs / p4.cacheMs)
  // on a machine with few cores the double's processes (a node start-up each) can also be what limits
  const cpuFloorMs = (p4.selfCpuMs + p4.childrenCpuMs) / availableParallelism()
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
    cpuFloorMs: round(cpuFloorMs, 0),
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
        metric: '  speed-up bound with serial cache steps: p1 wall / p4 cache',
        value: round(bound, 2),
        unit: '×',
      },
      {
        bench,
        metric: `  CPU floor of --parallel 4: CPU used / ${availableParallelism()} CPUs`,
        value: round(cpuFloorMs / 1000, 2),
        unit: 's',
      },
      {
        bench,
        metric: "  of that CPU: the double's conda processes",
        value: round(p4.childrenCpuMs / 1000, 2),
        unit: 's',
      },
      ...[p4, p1].flatMap((run) => [
        {
          bench,
          metric: `one link call at --parallel ${run.parallel} (0.5 s + double)`,
          value: run.linkCallMs,
          unit: 'ms',
        },
        {bench, metric: `one cache call at --parallel ${run.parallel}`, value: perCall(run), unit: 'ms'},
      ]),
      {bench, metric: "double's process floor (conda --version)", value: p4.versionCallMs, unit: 'ms'},
    ],
  }
}

if (isMain(import.meta.url)) await runAlone('replicate-parallel', benchReplicateParallel)
