// Export overhead (issue 2 point 9): `export --parallel 8` of 200 envs with the double set to no delay. condamig's
// own cost per env (goal ≤ 15 ms) is measured by replaying the double's recorded answers instantly, so what is left
// is parsing, spec and meta writing, origin recovery, the lock and listr. Interleaved with it: the same spec and meta
// files written alone with writeFileAtomic (the durability floor: each write fsyncs the file and the directory), and
// the export against the real double (a conda process per call), for context.
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {writeFileAtomic} from '../src/system/atomic-write.js'
import {ExecaRunner} from '../src/system/execa-runner.js'
import type {Runner} from '../src/system/runner.js'
import {exportEnvs, type ExportResult} from '../src/workflows/export.js'
import {testContext} from '../test/support/qa-base.js'
import type {Check} from './support/check.js'
import {makeExportBase} from './support/export-base.js'
import {isMain, runAlone, type BenchOptions} from './support/main.js'
import {recordingRunner, replayRunner, type Recording} from './support/replay-runner.js'
import {median, round, timed} from './support/stats.js'

const PARALLEL = 8

/** The numbers of one run; times are medians, in milliseconds. */
export type ExportOverhead = {
  envs: number
  parallel: number
  replayRounds: number
  realRounds: number
  /** Calls the export makes (conda --version, then env export and list --explicit per env). */
  calls: number
  replayWallMs: number
  overheadPerEnvMs: number
  /** CPU time of this process per env during a replayed export (user + system). */
  cpuPerEnvMs: number
  /** Writing the same spec and meta files with writeFileAtomic alone (fsync'd temp + rename + fsync'd dir). */
  durableWritesPerEnvMs: number
  realWallMs: number
  realPerEnvMs: number
  /** condamig's share of the real export's wall time. */
  condamigShare: number
  checks: Check[]
}

const exportWith = async (base: string, runner: Runner): Promise<ExportResult> => {
  const result = await exportEnvs(testContext(base, {runner}), {envs: [], flags: {parallel: PARALLEL}})
  const failed = result.environments.filter((env) => env.status !== 'ok')
  if (failed.length > 0)
    throw new Error(`export failed for ${failed.map((env) => `${env.name}: ${env.error}`).join('; ')}`)
  return result
}

/** The files one export wrote (spec and meta of every env), to replay the same durable writes alone. */
const writtenFiles = (specsDir: string): {name: string; content: string}[] =>
  readdirSync(specsDir)
    .filter((name) => name.endsWith('.yml') || name.endsWith('.meta.json'))
    .map((name) => ({name, content: readFileSync(join(specsDir, name), 'utf8')}))

/**
 * Seeds the envs and records one real export (which is also the first real sample); then, round by round, a
 * replayed export, the same file writes alone, and (while real samples are wanted) a real export.
 */
export const benchExportOverhead = async ({quick, log}: BenchOptions): Promise<ExportOverhead> => {
  const count = quick ? 50 : 200 // the goal is stated for 200 envs; a quick run checks the per-env cost on 50
  const [replayRounds, realRounds] = quick ? [3, 1] : [5, 2]
  log(`seeding ${count} envs in an old conda 23.7.4 root (double, no delays)`)
  const fixture = await makeExportBase(count)
  const scratch = mkdtempSync(join(tmpdir(), 'condamig-bench-writes-'))
  try {
    const recording: Recording = new Map()
    const first = await timed(() => exportWith(fixture.base, recordingRunner(new ExecaRunner(), recording)))
    const real = [first.ms]
    log(`recorded ${recording.size} calls in a first real export (${round(first.ms / 1000, 1)} s)`)
    const files = writtenFiles(join(fixture.base, 'env_specs'))
    const replay = replayRunner(recording)
    await exportWith(fixture.base, replay) // warm-up of the in-process code paths
    const [replayed, cpu, writes] = [[] as number[], [] as number[], [] as number[]]
    log(`${replayRounds} rounds of replayed export + the same writes alone, with ${realRounds - 1} more real export(s)`)
    for (let i = 0; i < replayRounds; i++) {
      const before = process.cpuUsage()
      replayed.push((await timed(() => exportWith(fixture.base, replay))).ms)
      const used = process.cpuUsage(before)
      cpu.push((used.user + used.system) / 1000)
      writes.push(
        (await timed(() => files.forEach((f) => writeFileAtomic(join(scratch, f.name), f.content, {shared: scratch}))))
          .ms,
      )
      if (real.length < realRounds) real.push((await timed(() => exportWith(fixture.base, new ExecaRunner()))).ms)
    }

    const [replayWallMs, realWallMs] = [median(replayed), median(real)]
    const overheadPerEnvMs = replayWallMs / count
    const durableWritesPerEnvMs = median(writes) / count
    const cpuPerEnvMs = median(cpu) / count
    const bench = 'export-overhead'
    return {
      envs: count,
      parallel: PARALLEL,
      replayRounds,
      realRounds,
      calls: recording.size,
      replayWallMs: round(replayWallMs, 1),
      overheadPerEnvMs: round(overheadPerEnvMs, 2),
      cpuPerEnvMs: round(cpuPerEnvMs, 2),
      durableWritesPerEnvMs: round(durableWritesPerEnvMs, 2),
      realWallMs: round(realWallMs, 1),
      realPerEnvMs: round(realWallMs / count, 2),
      condamigShare: round(replayWallMs / realWallMs, 3),
      checks: [
        {
          bench,
          metric: `condamig overhead per env (${count} envs, --parallel ${PARALLEL}, conda replayed)`,
          value: round(overheadPerEnvMs, 2),
          unit: 'ms',
          goal: {op: '<=', limit: 15},
        },
        {bench, metric: '  of it: CPU time per env', value: round(cpuPerEnvMs, 2), unit: 'ms'},
        {
          bench,
          metric: "  the 2 fsync'd atomic writes per env, alone",
          value: round(durableWritesPerEnvMs, 2),
          unit: 'ms',
        },
        {
          bench,
          metric: 'wall per env with the real double (a conda process per call)',
          value: round(realWallMs / count, 1),
          unit: 'ms',
        },
        {
          bench,
          metric: "condamig's share of that wall time",
          value: round((100 * replayWallMs) / realWallMs, 1),
          unit: '%',
        },
      ],
    }
  } finally {
    fixture.remove()
    rmSync(scratch, {recursive: true, force: true})
  }
}

if (isMain(import.meta.url)) await runAlone('export-overhead', benchExportOverhead)
