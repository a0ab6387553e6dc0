// Start-up time (issue 2 point 9): `condamig status` on a small base as a ratio to `node -e ""` (goal ≤ 3×), the
// package built and its oclif manifest written, so no command is discovered at start-up. Both are run alternately,
// N times each. Beside them, a third process imports what the status command imports, step by step, to show where
// the start-up time goes (node itself, each npm package, condamig's own modules, then oclif's config and the run).
import {spawnSync} from 'node:child_process'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

import type {Check} from './support/check.js'
import {importGraph} from './support/import-graph.js'
import {isMain, runAlone, type BenchOptions} from './support/main.js'
import {makeStartupPackage} from './support/startup-package.js'
import {median, nowMs, round} from './support/stats.js'

/** Medians in milliseconds. */
export type Startup = {
  runs: number
  nodeMs: number
  statusMs: number
  ratio: number
  /**
   * Inside one process that imports, in order, what the status command imports: node's own bootstrap before the
   * first line runs, then the extra time of each package and finally of the status command module itself (which is
   * what is left: condamig's own modules). Summed, they are the start-up before oclif loads its config and runs.
   */
  steps: Record<string, number>
  /** Number of condamig's own modules the status command loads. */
  ownModules: number
  tscMs: number
  checks: Check[]
}

/** Runs one process to completion: wall time and stdout; a non-zero exit is an error (the bench would lie). */
const time = (args: string[], cwd: string): {ms: number; stdout: string} => {
  const start = nowMs()
  const result = spawnSync(process.execPath, args, {cwd, encoding: 'utf8', env: {...process.env, CI: 'true'}})
  const ms = nowMs() - start
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`)
  return {ms, stdout: result.stdout}
}

// Prints {bootstrap, <specifier>: ms, …}: each import's own cost, the earlier ones being cached by then.
const STEPS = `
const out = {bootstrap: performance.now()}
for (const specifier of JSON.parse(process.argv[1])) {
  const start = performance.now()
  await import(specifier)
  out[specifier] = performance.now() - start
}
console.log(JSON.stringify(out))
`

/** Builds the package, then times `status` against `node -e ""` round-robin, and the import steps beside them. */
export const benchStartup = async ({quick, log}: BenchOptions): Promise<Startup> => {
  log('building dist/ and oclif.manifest.json into a temp package')
  const pkg = makeStartupPackage(log)
  try {
    const runs = quick ? 5 : 15
    const status = [pkg.bin, 'status', '--base', pkg.base]
    const entry = join(pkg.dir, 'dist', 'commands', 'status.js')
    const graph = importGraph(entry)
    // the biggest first, so the later ones do not pay for what it shares with them
    const order = [
      ...graph.packages.filter((p) => p === '@oclif/core'),
      ...graph.packages.filter((p) => p !== '@oclif/core'),
    ]
    const stepArgs = ['--input-type=module', '-e', STEPS, JSON.stringify([...order, pathToFileURL(entry).href])]
    time(status, pkg.dir) // a warm file cache for all, and proof that status succeeds on the sample base
    log(`${runs} rounds of: node -e "", status, and a process importing ${order.join(', ')}, then the command`)
    const samples = {node: [] as number[], status: [] as number[], steps: [] as Record<string, number>[]}
    for (let i = 0; i < runs; i++) {
      samples.node.push(time(['-e', ''], pkg.dir).ms)
      samples.status.push(time(status, pkg.dir).ms)
      samples.steps.push(JSON.parse(time(stepArgs, pkg.dir).stdout) as Record<string, number>)
    }

    const stepNames = ['bootstrap', ...order, 'status command (own modules)']
    const keys = ['bootstrap', ...order, pathToFileURL(entry).href]
    const steps = Object.fromEntries(
      stepNames.map((name, i) => [name, round(median(samples.steps.map((s) => s[keys[i] ?? ''] ?? 0)), 1)]),
    )
    const [nodeMs, statusMs] = [median(samples.node), median(samples.status)]
    const ratio = statusMs / nodeMs
    const imports = Object.values(steps).reduce((sum, ms) => sum + ms, 0)
    const bench = 'startup'
    return {
      runs,
      nodeMs: round(nodeMs, 1),
      statusMs: round(statusMs, 1),
      ratio: round(ratio, 2),
      steps,
      ownModules: graph.files.length,
      tscMs: pkg.tscMs,
      checks: [
        {bench, metric: 'node -e ""', value: round(nodeMs, 0), unit: 'ms'},
        {bench, metric: 'condamig status (built, with manifest)', value: round(statusMs, 0), unit: 'ms'},
        {bench, metric: 'status / node -e ""', value: round(ratio, 2), unit: '×', goal: {op: '<=', limit: 3}},
        ...stepNames.map((name) => ({
          bench,
          metric: `  in-process: ${name === 'bootstrap' ? 'node bootstrap' : `import ${name}`}${name.startsWith('status') ? ` (${graph.files.length} files)` : ''}`,
          value: round(steps[name] ?? 0, 0),
          unit: 'ms',
        })),
        {
          bench,
          metric: '  rest of status: oclif config, manifest, run, exit',
          value: round(statusMs - imports, 0),
          unit: 'ms',
        },
      ],
    }
  } finally {
    pkg.remove()
  }
}

if (isMain(import.meta.url)) await runAlone('startup', benchStartup)
