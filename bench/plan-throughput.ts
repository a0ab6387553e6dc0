// Plan throughput (issue 3 point 6): planEnv over every real export in fixtures/exports, in specs per second
// (goal ≥ 1000/s), beside plain `yaml` parsing of the same files as the baseline, measured interleaved.
import {readdirSync, readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {parse} from 'yaml'

import {planEnv, type PlanEnvInput} from '../src/domain/spec/plan-env.js'
import type {Check} from './support/check.js'
import {isMain, runAlone, type BenchOptions} from './support/main.js'
import {interleave, median, round} from './support/stats.js'

const EXPORTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'exports')

// the defaults of a fresh ini; no channel map or noarch list, so every export goes through every repair
const SETTINGS: PlanEnvInput['settings'] = {channels: [], channelMap: {}, noarchPackages: [], minPython: '3.6'}

/** The numbers of one run. Times are medians over the rounds, for one pass over all files. */
export type PlanThroughput = {
  files: number
  /** Files planEnv refused (not an environment file); they still count as work done. */
  refused: number
  rounds: number
  passesPerRound: number
  planMsPerPass: number
  yamlMsPerPass: number
  specsPerSecond: number
  /** How many times longer planning takes than parsing the same files with `yaml`. */
  planToYamlRatio: number
  checks: Check[]
}

type Export = {name: string; file: string; text: string}

const readExports = (): Export[] =>
  readdirSync(EXPORTS_DIR)
    .filter((file) => file.endsWith('.yml'))
    .sort()
    .map((file) => ({name: file.replace(/\.yml$/, ''), file, text: readFileSync(join(EXPORTS_DIR, file), 'utf8')}))

/** Plans every export once; returns how many were refused (planEnv throws BadInputError for those). */
const planAll = (exports: readonly Export[]): number => {
  let refused = 0
  for (const {name, file, text} of exports) {
    try {
      planEnv({name, text, file: `env_specs/${file}`, source: 'export', settings: SETTINGS})
    } catch {
      refused++
    }
  }

  return refused
}

/** Parses every export with the `yaml` library; some real exports are not valid YAML, which is work done too. */
const parseAll = (exports: readonly Export[]): void => {
  for (const {text} of exports) {
    try {
      parse(text, {logLevel: 'silent'}) // as condamig's own YAML reading: warnings on stderr would be timed too
    } catch {
      // counted like a refused plan: the parser did its work
    }
  }
}

const repeat = (times: number, work: () => void) => () => {
  for (let i = 0; i < times; i++) work()
}

/** Plans all fixture exports, interleaved with `yaml` parsing them, and reports specs/s and the ratio. */
export const benchPlanThroughput = async ({quick, log}: BenchOptions): Promise<PlanThroughput> => {
  const exports = readExports()
  const refused = planAll(exports)
  // warm-up: let the JIT settle on both code paths before anything is timed
  repeat(3, () => planAll(exports))()
  repeat(3, () => parseAll(exports))()
  const rounds = quick ? 5 : 15
  const passesPerRound = quick ? 2 : 5
  log(`${exports.length} exports, ${rounds} rounds of ${passesPerRound} passes, plan and yaml interleaved`)
  const samples = await interleave(
    rounds,
    repeat(passesPerRound, () => planAll(exports)),
    repeat(passesPerRound, () => parseAll(exports)),
  )
  const planMsPerPass = median(samples.a) / passesPerRound
  const yamlMsPerPass = median(samples.b) / passesPerRound
  const specsPerSecond = exports.length / (planMsPerPass / 1000)
  const planToYamlRatio = planMsPerPass / yamlMsPerPass
  const bench = 'plan-throughput'
  return {
    files: exports.length,
    refused,
    rounds,
    passesPerRound,
    planMsPerPass: round(planMsPerPass, 3),
    yamlMsPerPass: round(yamlMsPerPass, 3),
    specsPerSecond: round(specsPerSecond, 0),
    planToYamlRatio: round(planToYamlRatio, 2),
    checks: [
      {
        bench,
        metric: `planEnv over ${exports.length} real exports`,
        value: round(specsPerSecond, 0),
        unit: 'specs/s',
        goal: {op: '>=', limit: 1000},
      },
      {
        bench,
        metric: 'yaml.parse of the same files',
        value: round(exports.length / (yamlMsPerPass / 1000), 0),
        unit: 'files/s',
      },
      {bench, metric: 'plan time / yaml parse time', value: round(planToYamlRatio, 2), unit: '×'},
    ],
  }
}

if (isMain(import.meta.url)) await runAlone('plan-throughput', benchPlanThroughput)
