// `npm run bench`: every benchmark in one run, one summary table (measured, goal, PASS/MISS) on stdout, and all the
// numbers in bench/results/latest.json. `--quick` for a smaller run. A benchmark that crashes is reported as a MISS
// with its error, the others still run, and the exit code is 1.
import {cpus, loadavg} from 'node:os'

import {benchExportOverhead} from './export-overhead.js'
import {benchFlipDowntime, type FlipDowntime} from './flip-downtime.js'
import {benchPlanThroughput} from './plan-throughput.js'
import {benchReplicateParallel} from './replicate-parallel.js'
import {benchStartup} from './startup.js'
import {renderTable, verdict, type Check} from './support/check.js'
import {progress, writeResults, type BenchOptions} from './support/main.js'
import {round, timed} from './support/stats.js'

/** The zero-downtime loop (issue 4 point 7) as checks: condamig must never fail a read; the controls may. */
const flipChecks = async ({quick}: BenchOptions): Promise<FlipDowntime & {checks: Check[]}> => {
  const flips = quick ? 100 : 500
  const counts = await benchFlipDowntime({flips})
  const bench = 'flip-downtime'
  const row = (name: string, count: FlipDowntime['condamig']) =>
    `${name}: failed reads in ${count.flips} flips (${count.readsDuringFlips} reads while flipping)`
  return {
    ...counts,
    checks: [
      {
        bench,
        metric: row('condamig flipLink', counts.condamig),
        value: counts.condamig.failures,
        unit: '',
        goal: {op: '<=', limit: 0},
      },
      {bench, metric: row('control ln -sfn', counts.lnSfn), value: counts.lnSfn.failures, unit: ''},
      {
        bench,
        metric: row('control unlink + symlink', counts.unlinkSymlink),
        value: counts.unlinkSymlink.failures,
        unit: '',
      },
    ],
  }
}

const BENCHES: [string, (options: BenchOptions) => Promise<{checks: Check[]}>][] = [
  ['plan-throughput', benchPlanThroughput],
  ['startup', benchStartup],
  ['flip-downtime', flipChecks],
  ['export-overhead', benchExportOverhead],
  ['replicate-parallel', benchReplicateParallel],
]

const quick = process.argv.includes('--quick')
const machine = {node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', loadavgBefore: loadavg()}
process.stderr.write(
  `condamig benchmarks${quick ? ' (--quick)' : ''}: node ${machine.node}, ${machine.cpus} CPUs, load ${machine.loadavgBefore.map((l) => l.toFixed(1)).join(' ')}\n`,
)
const results: Record<string, unknown> = {}
const checks: Check[] = []
const seconds: Record<string, number> = {}
let crashed = false
for (const [name, bench] of BENCHES) {
  const log = progress(name)
  try {
    const {value, ms} = await timed(() => bench({quick, log}))
    results[name] = value
    checks.push(...value.checks)
    seconds[name] = round(ms / 1000, 1)
    log(`done in ${seconds[name]} s`)
  } catch (error) {
    crashed = true
    const message = (error as Error).message.split('\n')[0] ?? String(error)
    log(`FAILED: ${(error as Error).stack ?? message}`)
    results[name] = {error: message}
    checks.push({bench: name, metric: `crashed: ${message}`, value: Number.NaN, unit: '', goal: {op: '<=', limit: 0}})
  }
}

const loadavgAfter = loadavg()
console.log(renderTable(checks))
const missed = checks.filter((check) => verdict(check) === 'MISS').length
const total = Object.values(seconds).reduce((sum, s) => sum + s, 0)
console.log(
  `\n${checks.filter((c) => c.goal).length - missed} of ${checks.filter((c) => c.goal).length} goals met; ${round(total, 0)} s; ` +
    `${machine.cpus} CPUs, load average ${machine.loadavgBefore[0]?.toFixed(1)} before, ${loadavgAfter[0]?.toFixed(1)} after ` +
    '(timings are noisy under load: ratios are measured within one run)',
)
const path = writeResults('latest.json', {
  time: new Date().toISOString(),
  quick,
  machine: {...machine, loadavgAfter},
  seconds,
  results,
  checks,
})
process.stderr.write(`numbers written to ${path}\n`)
if (crashed) process.exitCode = 1
