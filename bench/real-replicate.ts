// Replicate on REAL conda (issue 7 point 3): the wall time of `condamig replicate --parallel 1` and `--parallel 4`
// against a plain sequential loop of `conda env create -p QA/envs/NAME -f SPEC` (the qa root's own bin/conda) over
// the same envs, each on a COLD package cache (qa's envs/ and pkgs/ emptied, pip's cache too), one run each, in the
// order loop, p1, p4; reported as ratios measured in the same run (the machines are noisy). Plus, from condamig's
// per-env logs, the conda processes and the solving conda processes per env, the solver probe (once per run, in no
// env's log: counted by sampling /proc), and the cache-corruption errors of each run. No goals on times.
//
// The world: the real-conda kit (../shared/realconda) and the real-conda suite's builder (make-old-base.sh): old
// root 23.7.4, new root 26.7.1 from its installer on channel-new, the envs of the old root that replicate cleanly
// there (legacy_numpy, legacy_pip and gitmoved fail by design and stay `export`).
//
// The loop's spec of each env is condamig's own repaired spec (`plan --json`, specYaml: channels rewritten by
// channel_map, builds stripped) with what condamig installs in later steps put back for conda to do in one go: the
// deferred noarch package (hlink's hlinkutils) as a conda dependency, the VCS URL (gitpkg's git+file://…) in the
// pip section, which `conda env create` hands to the env's pip itself.
//
// Run: node --import tsx bench/real-replicate.ts [--keep]   (--keep: leave the work dir). Skipped, with one line,
// without the kit. Numbers: bench/results/real-replicate.json.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import {loadavg, tmpdir} from 'node:os'
import {join} from 'node:path'
import {parse as parseCsv} from 'csv-parse/sync'
import {parse as parseYaml, stringify as stringifyYaml} from 'yaml'

import type {Check} from './support/check.js'
import {cpuTime} from './support/cpu-time.js'
import {isMain, runAlone, type BenchOptions} from './support/main.js'
import {
  condamig,
  condamigOk,
  DEV_BIN,
  kitEnv,
  kitProblem,
  makeOldWorld,
  runProcess,
  sampleCondaProcesses,
  type SeenProcess,
} from './support/real-kit.js'
import {corruptionCounts, countRunLogs, type EnvCommands} from './support/replicate-logs.js'
import {round, timed} from './support/stats.js'

/** The envs of the suite's old root that replicate cleanly into 26.7.1 on channel-new. */
const ENVS = ['gitpkg', 'hlink', 'jupyter', 'pipwheels', 'plain', 'webtools'] as const

type PlanStep =
  | {kind: 'create'; specs: string[]; channels: string[]}
  | {kind: 'noarch'; package: string}
  | {kind: 'pip'; requirements: {raw: string}[]}
  | {kind: 'git'; url: string; name: string}
type PlanEnv = {name: string; ok: boolean; plan?: {steps: {kind: string}[]}; specYaml?: string}

/** What is in a built env: its conda records and pip's dist-infos (to show the three runs built the same envs). */
type EnvContents = Record<string, string[]>

type Spread = {mean: number; min: number; max: number}

/** One measured run. */
export type RunResult = {
  run: 'loop' | 'p1' | 'p4'
  wallMs: number
  envsOk: number
  failed: string[]
  /** Per env seconds: condamig's report (duration_s), or the loop's `conda env create`. */
  envSeconds: Record<string, number>
  /**
   * Conda processes of the qa root seen by the /proc sampler during the whole run (undefined without /proc), started
   * by condamig or the loop itself.
   */
  sampledConda?: number
  /** Conda processes that conda started through a shell (`conda shell.posix` of its wrapped subprocesses). */
  sampledNested?: number
  /** Processes forked by conda processes (extraction workers, same command line). */
  sampledWorkers?: number
  sampledProbes?: number
  /** The sampled conda processes (started by condamig / the loop) by subcommand and mode, e.g. {"--version": 1}. */
  sampledByKind?: Record<string, number>
  /** The nested ones by subcommand. */
  sampledNestedByKind?: Record<string, number>
  /** CPU time of every process of the run (this process's reaped descendants), less noisy than wall time. */
  cpuMs?: number
  loadavgBefore?: number[]
  loadavgAfter?: number[]
  /** From condamig's per-env logs (the loop: one `env create` per env by construction). */
  perEnv: EnvCommands[]
  condaPerEnv: Spread
  solvingPerEnv: Spread
  explicitPerEnv: Spread
  probesInLogs: number
  corruption: {total: number; byError: Record<string, number>}
  /** Package differences from the loop's envs (`-x` only in the loop, `+x` only here), by env. */
  differsFromLoop?: Record<string, string[]>
  logDir: string
}

export type RealReplicate = {
  envs: string[]
  work: string
  setupSeconds: number
  order: string[]
  loop: RunResult
  p1: RunResult
  p4: RunResult
  ratios: {p1ToLoop: number; p4ToLoop: number; p4ToP1: number}
  condamigStartupMs: number
  loopSpecDifferences: string[]
  checks: Check[]
}

const spread = (values: readonly number[]): Spread => ({
  mean: values.length === 0 ? Number.NaN : round(values.reduce((s, v) => s + v, 0) / values.length, 2),
  min: Math.min(...values),
  max: Math.max(...values),
})

/** condamig's repaired spec of one env, completed with its later steps (noarch, pip, git) for one `env create`. */
const loopSpec = (entry: PlanEnv): string => {
  if (!entry.ok || entry.specYaml === undefined || entry.plan === undefined) {
    throw new Error(`plan: ${entry.name} has no repaired spec: ${JSON.stringify(entry).slice(0, 500)}`)
  }

  const spec = parseYaml(entry.specYaml) as {dependencies?: (string | {pip: string[]})[]} & Record<string, unknown>
  const conda = (spec.dependencies ?? []).filter((d): d is string => typeof d === 'string')
  const pip = (spec.dependencies ?? []).flatMap((d) => (typeof d === 'string' ? [] : d.pip))
  const steps = entry.plan.steps as PlanStep[]
  for (const step of steps) {
    if (step.kind === 'noarch') conda.push(step.package)
    else if (step.kind === 'git') pip.push(step.url)
    else if (step.kind === 'pip') {
      for (const requirement of step.requirements) if (!pip.includes(requirement.raw)) pip.push(requirement.raw)
    } else if (step.kind !== 'create')
      throw new Error(`plan: ${entry.name} has a ${(step as {kind: string}).kind} step`)
  }

  return stringifyYaml({...spec, dependencies: [...conda, ...(pip.length > 0 ? [{pip}] : [])]})
}

/** The conda records and dist-infos of each env of qa. */
const envContents = (qa: string): EnvContents => {
  const contents: EnvContents = {}
  for (const env of ENVS) {
    const prefix = join(qa, 'envs', env)
    if (!existsSync(join(prefix, 'conda-meta'))) continue
    const records = readdirSync(join(prefix, 'conda-meta')).filter((f) => f.endsWith('.json'))
    const lib = join(prefix, 'lib')
    const sitePackages = existsSync(lib)
      ? readdirSync(lib)
          .filter((d) => d.startsWith('python'))
          .map((d) => join(lib, d, 'site-packages'))
          .filter((d) => existsSync(d))
      : []
    const distInfos = sitePackages.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.dist-info')))
    contents[env] = [...records.map((r) => `conda:${r.slice(0, -5)}`), ...distInfos.map((d) => `pip:${d}`)].sort()
  }

  return contents
}

const diffContents = (loop: EnvContents, other: EnvContents): Record<string, string[]> => {
  const out: Record<string, string[]> = {}
  for (const env of ENVS) {
    const a = new Set(loop[env] ?? [])
    const b = new Set(other[env] ?? [])
    const diff = [
      ...[...a].filter((x) => !b.has(x)).map((x) => `-${x}`),
      ...[...b].filter((x) => !a.has(x)).map((x) => `+${x}`),
    ]
    if (diff.length > 0) out[env] = diff
  }

  return out
}

/** A cold start: no env in qa, an empty package cache (repodata cache included), no pip cache, no markers. */
const coldCache = (work: string, base: string, qa: string): void => {
  for (const dir of [join(qa, 'envs'), join(qa, 'pkgs'), join(base, '.condamig', 'building')]) {
    if (!existsSync(dir)) continue
    for (const entry of readdirSync(dir)) rmSync(join(dir, entry), {recursive: true, force: true})
  }

  rmSync(join(work, 'home', '.cache'), {recursive: true, force: true})
  rmSync(join(work, 'home', '.conda', 'environments.txt'), {force: true})
}

/** The conda subcommand and mode flags of a sampled process, e.g. `create --download-only`, `--version`. */
const callKind = (args: readonly string[]): string => {
  if (args.some((a) => a.includes('.condamig-solver-probe-'))) return 'solver probe'
  const positional = args.filter((a) => !a.startsWith('-'))
  const sub = positional[0] === 'env' ? `env ${positional[1] ?? ''}` : (positional[0] ?? '')
  const modes = args.filter((a) => ['--dry-run', '--download-only', '--offline', '--version', '-V'].includes(a))
  return [sub, ...modes].filter(Boolean).join(' ')
}

const byKind = (processes: readonly SeenProcess[]): Record<string, number> => {
  const counts: Record<string, number> = {}
  for (const p of processes) counts[callKind(p.args)] = (counts[callKind(p.args)] ?? 0) + 1
  return counts
}

const sampledCounts = (seen: readonly SeenProcess[] | undefined) => {
  if (seen === undefined) return {}
  const top = seen.filter((p) => p.origin === 'top')
  const nested = seen.filter((p) => p.origin === 'nested')
  return {
    sampledConda: top.length,
    sampledNested: nested.length,
    sampledWorkers: seen.filter((p) => p.origin === 'worker').length,
    sampledProbes: top.filter((p) => p.args.some((a) => a.includes('.condamig-solver-probe-'))).length,
    sampledByKind: byKind(top),
    sampledNestedByKind: byKind(nested),
  }
}

/** Runs one measurement with the CPU time of its processes and the load average around it. */
const withCpu = async (work: () => Promise<RunResult>): Promise<RunResult> => {
  const loadavgBefore = loadavg().map((l) => round(l, 2))
  const before = cpuTime().childrenMs
  const run = await work()
  return {
    ...run,
    cpuMs: round(cpuTime().childrenMs - before, 0),
    loadavgBefore,
    loadavgAfter: loadavg().map((l) => round(l, 2)),
  }
}

/** The sequential `conda env create -p … -f …` loop. */
const runLoop = async (work: string, qa: string, specs: Record<string, string>, log: (l: string) => void) => {
  const logDir = join(work, 'loop-logs')
  mkdirSync(logDir, {recursive: true})
  const env = {...process.env, ...kitEnv(work)}
  const sampler = sampleCondaProcesses(qa)
  const envSeconds: Record<string, number> = {}
  const failed: string[] = []
  const {ms} = await timed(async () => {
    for (const name of ENVS) {
      const prefix = join(qa, 'envs', name)
      const result = await runProcess(
        join(qa, 'bin', 'conda'),
        ['env', 'create', '-p', prefix, '-f', specs[name] ?? ''],
        {
          env,
          timeoutMs: 10 * 60_000,
        },
      )
      envSeconds[name] = round(result.ms / 1000, 1)
      writeFileSync(join(logDir, `${name}.log`), `${result.stdout}\n--- stderr ---\n${result.stderr}`)
      if (
        result.exitCode !== 0 ||
        !existsSync(join(prefix, 'conda-meta')) ||
        !existsSync(join(prefix, 'bin', 'python'))
      ) {
        failed.push(name)
        log(`loop: ${name} FAILED (exit ${result.exitCode ?? result.signal}), output in ${logDir}/${name}.log`)
      }
    }
  })
  const seen = sampler.available ? sampler.stop() : (sampler.stop(), undefined)
  const perEnv: EnvCommands[] = ENVS.map((name) => ({
    env: name,
    conda: 1,
    solving: 1,
    explicit: 0,
    probes: 0,
    other: 0,
    condaCalls: ['env create'],
  }))
  const result: RunResult = {
    run: 'loop',
    wallMs: round(ms, 0),
    envsOk: ENVS.length - failed.length,
    failed,
    envSeconds,
    ...sampledCounts(seen),
    perEnv,
    condaPerEnv: spread([1]),
    solvingPerEnv: spread([1]),
    explicitPerEnv: spread([0]),
    probesInLogs: 0,
    corruption: corruptionCounts(ENVS.map((name) => join(logDir, `${name}.log`))),
    logDir,
  }
  return result
}

/** One `condamig replicate --parallel N`, its report and its logs. */
const runCondamig = async (work: string, base: string, qa: string, parallel: number, log: (l: string) => void) => {
  const reports = join(base, 'reports')
  const before = new Set(existsSync(reports) ? readdirSync(reports) : [])
  const sampler = sampleCondaProcesses(qa)
  const result = await condamig(work, base, ['replicate', '--parallel', String(parallel)])
  const seen = sampler.available ? sampler.stop() : (sampler.stop(), undefined)
  if (result.exitCode !== 0 && result.exitCode !== 1) {
    throw new Error(
      `replicate --parallel ${parallel} exited ${result.exitCode ?? result.signal}:\n${result.stderr.slice(-3000)}`,
    )
  }

  const report = (existsSync(reports) ? readdirSync(reports) : []).find(
    (f) => !before.has(f) && /^replicate-.+\.csv$/.test(f) && f !== 'replicate-latest.csv',
  )
  if (report === undefined)
    throw new Error(`replicate --parallel ${parallel} wrote no report:\n${result.stdout.slice(-2000)}`)
  const runId = report.slice('replicate-'.length, -'.csv'.length)
  const rows = parseCsv(readFileSync(join(reports, report)), {columns: true, bom: true}) as Record<string, string>[]
  const envSeconds: Record<string, number> = {}
  const failed: string[] = []
  for (const row of rows) {
    const name = row.environment ?? ''
    envSeconds[name] = Number(row.duration_s)
    if (row.status !== 'ok') {
      failed.push(name)
      log(`--parallel ${parallel}: ${name} ${row.status} (${row.stage} ${row.category}): ${row.message ?? ''}`)
    }
  }

  const logDir = join(base, 'logs', 'replicate', runId)
  const perEnv = countRunLogs(logDir)
  const stdoutFile = join(logDir, 'condamig-output.bench.txt')
  writeFileSync(stdoutFile, `${result.stdout}\n--- stderr ---\n${result.stderr}`)
  const logs = readdirSync(logDir)
    .filter((f) => f.endsWith('.log'))
    .map((f) => join(logDir, f))
  const run: RunResult = {
    run: parallel === 1 ? 'p1' : 'p4',
    wallMs: round(result.ms, 0),
    envsOk: rows.filter((row) => row.status === 'ok').length,
    failed,
    envSeconds,
    ...sampledCounts(seen),
    perEnv,
    condaPerEnv: spread(perEnv.map((e) => e.conda)),
    solvingPerEnv: spread(perEnv.map((e) => e.solving)),
    explicitPerEnv: spread(perEnv.map((e) => e.explicit)),
    probesInLogs: perEnv.reduce((s, e) => s + e.probes, 0),
    corruption: corruptionCounts([...logs, stdoutFile]),
    logDir,
  }
  return run
}

/** Builds the world, then measures the loop, --parallel 1 and --parallel 4, each from a cold cache. */
export const benchRealReplicate = async ({log}: BenchOptions): Promise<RealReplicate> => {
  const work = realpathSync(mkdtempSync(join(tmpdir(), 'condamig-bench-real-')))
  const keep = process.argv.includes('--keep')
  const base = join(work, 'base')
  try {
    log(`building the world in ${work} (make-old-base.sh, install 26.7.1, inventory, export, plan)`)
    const {ms: setupMs, value: plan} = await timed(async () => {
      makeOldWorld(work)
      await condamigOk(work, base, ['install', join(work, 'new.sh'), '--name', 'v26.7'])
      await condamigOk(work, base, ['inventory', '--write'])
      const ini = join(base, 'condamig.ini')
      const text = readFileSync(ini, 'utf8')
      const marked = text.replace(new RegExp(`^(${ENVS.join('|')}) = export$`, 'gm'), '$1 = REPLICATE')
      if ((marked.match(/ = REPLICATE$/gm) ?? []).length !== ENVS.length) {
        throw new Error(`inventory --write did not list every env of ${ENVS.join(', ')}:\n${text}`)
      }
      writeFileSync(ini, marked)
      await condamigOk(work, base, ['export'])
      const planned = await condamigOk(work, base, ['plan', '--json'])
      return JSON.parse(planned.stdout) as {environments: PlanEnv[]}
    })
    const qa = realpathSync(join(base, 'qa'))
    const specsDir = join(work, 'loop-specs')
    mkdirSync(specsDir, {recursive: true})
    const specs: Record<string, string> = {}
    for (const name of ENVS) {
      const entry = plan.environments.find((e) => e.name === name)
      if (!entry) throw new Error(`plan --json has no ${name}`)
      specs[name] = join(specsDir, `${name}.yml`)
      writeFileSync(specs[name], loopSpec(entry))
    }
    log(`world ready in ${round(setupMs / 1000, 1)} s; qa root ${qa}; loop specs in ${specsDir}`)

    coldCache(work, base, qa)
    log(`loop: conda env create × ${ENVS.length}, sequential, cold cache`)
    const loop = await withCpu(() => runLoop(work, qa, specs, log))
    const loopContents = envContents(qa)
    log(
      `loop: ${round(loop.wallMs / 1000, 1)} s, CPU ${round((loop.cpuMs ?? 0) / 1000, 1)} s; sampled conda processes ` +
        `${JSON.stringify(loop.sampledByKind)}, nested ${JSON.stringify(loop.sampledNestedByKind)}`,
    )

    const measured: RunResult[] = []
    for (const parallel of [1, 4]) {
      coldCache(work, base, qa)
      log(`condamig replicate --parallel ${parallel}, cold cache`)
      const run = await withCpu(() => runCondamig(work, base, qa, parallel, log))
      run.differsFromLoop = diffContents(loopContents, envContents(qa))
      log(
        `--parallel ${parallel}: ${round(run.wallMs / 1000, 1)} s, ${run.envsOk}/${ENVS.length} ok, ` +
          `conda/env ${run.condaPerEnv.mean}, solving/env ${run.solvingPerEnv.mean}, corruption errors ${run.corruption.total}, CPU ${round((run.cpuMs ?? 0) / 1000, 1)} s; ` +
          `sampled conda processes ${JSON.stringify(run.sampledByKind)}, nested ${JSON.stringify(run.sampledNestedByKind)}`,
      )
      measured.push(run)
    }
    const [p1, p4] = measured as [RunResult, RunResult]

    // condamig's own start-up (node + tsx + oclif), part of each of its wall times and absent from the loop's
    const startup = await runProcess(process.execPath, ['--import', 'tsx', DEV_BIN, '--version'], {
      env: {...process.env, CI: 'true', NODE_ENV: 'production'},
      timeoutMs: 60_000,
    })

    const ratios = {
      p1ToLoop: round(p1.wallMs / loop.wallMs, 2),
      p4ToLoop: round(p4.wallMs / loop.wallMs, 2),
      p4ToP1: round(p4.wallMs / p1.wallMs, 2),
    }
    const bench = 'real-replicate'
    const s = (ms: number) => round(ms / 1000, 1)
    const spreadText = (x: Spread) => (x.min === x.max ? '' : ` (min ${x.min}, max ${x.max})`)
    const runs: [string, RunResult][] = [
      ['loop', loop],
      ['--parallel 1', p1],
      ['--parallel 4', p4],
    ]
    const checks: Check[] = [
      ...runs.map(([label, run]): Check => ({
        bench,
        metric: `${label === 'loop' ? 'conda env create loop' : `condamig replicate ${label}`} wall, ${ENVS.length} envs, cold cache`,
        value: s(run.wallMs),
        unit: 's',
      })),
      ...runs.map(([label, run]): Check => ({
        bench,
        metric: `${label}: CPU time of all its processes`,
        value: s(run.cpuMs ?? Number.NaN),
        unit: 's',
      })),
      {bench, metric: '--parallel 1 / loop', value: ratios.p1ToLoop, unit: '×'},
      {bench, metric: '--parallel 4 / loop', value: ratios.p4ToLoop, unit: '×'},
      {bench, metric: '--parallel 4 / --parallel 1', value: ratios.p4ToP1, unit: '×'},
      {bench, metric: '  of each condamig wall: its start-up (condamig --version)', value: s(startup.ms), unit: 's'},
      ...runs.map(([label, run]): Check => ({
        bench,
        metric: `${label}: conda processes per env${label === 'loop' ? ' (one env create)' : ' (logs)'}${spreadText(run.condaPerEnv)}`,
        value: run.condaPerEnv.mean,
        unit: '',
      })),
      ...runs.map(([label, run]): Check => ({
        bench,
        metric: `${label}: solving conda processes per env${label === 'loop' ? '' : ' (logs)'}${spreadText(run.solvingPerEnv)}`,
        value: run.solvingPerEnv.mean,
        unit: '',
      })),
      ...[p1, p4].map((run): Check => ({
        bench,
        metric: `--parallel ${run.run.slice(1)}: @EXPLICIT (non-solving) conda installs per env (logs)`,
        value: run.explicitPerEnv.mean,
        unit: '',
      })),
      ...[p1, p4].map((run): Check => ({
        bench,
        metric: `--parallel ${run.run.slice(1)}: solver probes per run (sampled /proc; in env logs: ${run.probesInLogs})`,
        value: run.sampledProbes ?? Number.NaN,
        unit: '',
      })),
      ...runs.map(([label, run]): Check => ({
        bench,
        metric: `${label}: conda processes started in the whole run (sampled /proc${run.run === 'loop' ? '' : ', incl. --version and probe'})`,
        value: run.sampledConda ?? Number.NaN,
        unit: '',
      })),
      ...runs.map(([label, run]): Check => ({
        bench,
        metric: `${label}:   plus conda processes conda itself ran through a shell (shell.posix), whole run`,
        value: run.sampledNested ?? Number.NaN,
        unit: '',
      })),
      ...runs.map(([label, run]): Check => ({
        bench,
        metric: `${label}: envs ok`,
        value: run.envsOk,
        unit: '',
        ...(run.run !== 'loop' && {goal: {op: '>=' as const, limit: ENVS.length}}),
      })),
      ...runs.map(([label, run]): Check => ({
        bench,
        metric: `${label}: cache-corruption errors (InvalidArchiveError/CondaVerificationError/SafetyError)${run.run === 'loop' ? ' in its output' : ' in its logs'}`,
        value: run.corruption.total,
        unit: '',
        ...(run.run !== 'loop' && {goal: {op: '<=' as const, limit: 0}}),
      })),
      ...[p1, p4].map((run): Check => ({
        bench,
        metric: `--parallel ${run.run.slice(1)}: envs whose packages differ from the loop's`,
        value: Object.keys(run.differsFromLoop ?? {}).length,
        unit: '',
      })),
    ]
    return {
      envs: [...ENVS],
      work: keep ? work : `${work} (removed)`,
      setupSeconds: s(setupMs),
      order: ['loop', 'p1', 'p4'],
      loop,
      p1,
      p4,
      ratios,
      condamigStartupMs: round(startup.ms, 0),
      loopSpecDifferences: [
        "the loop's spec is condamig's repaired spec (plan --json specYaml) with its later steps folded in:",
        'hlink: hlinkutils=0.4.1 (deferred noarch, condamig: a separate conda install) is a conda dependency of the one solve',
        "gitpkg: the git+file:// URL (condamig: a pip step after the create) is in the pip section, run by conda env create's pip",
        "pip entries (hlink, pipwheels): in both, pip in the env after conda's link; condamig runs it itself with -r",
      ],
      checks,
    }
  } finally {
    if (keep) log(`work dir kept: ${work}`)
    else rmSync(work, {recursive: true, force: true})
  }
}

if (isMain(import.meta.url)) {
  const problem = kitProblem()
  if (problem === undefined) await runAlone('real-replicate', benchRealReplicate)
  else console.log(`real-replicate skipped: ${problem}`)
}
