// What every benchmark script shares when run on its own: `--quick`, the summary table and a JSON file of numbers.
import {mkdirSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

import {renderTable, verdict, type Check} from './check.js'

/** bench/results/, where the numbers of the last run go (gitignored). */
export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'results')

/** Options every benchmark takes. */
export type BenchOptions = {quick: boolean; log: (line: string) => void}

/** True when the module at `url` is the script node was started with (not imported by run.ts). */
export const isMain = (url: string): boolean =>
  Boolean(process.argv[1]) && url === pathToFileURL(process.argv[1] ?? '').href

/** Progress lines go to stderr so that stdout holds only the tables. */
export const progress = (name: string) => (line: string) => process.stderr.write(`[${name}] ${line}\n`)

/** Writes `data` (with the verdict of each check) as JSON to bench/results/FILE. Returns the path. */
export const writeResults = (file: string, data: {checks: readonly Check[]} & Record<string, unknown>): string => {
  mkdirSync(RESULTS_DIR, {recursive: true})
  const path = join(RESULTS_DIR, file)
  const checks = data.checks.map((check) => ({...check, result: verdict(check)}))
  writeFileSync(path, `${JSON.stringify({...data, checks}, null, 2)}\n`)
  return path
}

/**
 * Runs one benchmark as a script: `--quick` for a smaller run, then its table on stdout and its numbers in
 * bench/results/NAME.json.
 */
export const runAlone = async <T extends {checks: Check[]}>(
  name: string,
  bench: (options: BenchOptions) => Promise<T>,
): Promise<void> => {
  const quick = process.argv.includes('--quick')
  const result = await bench({quick, log: progress(name)})
  console.log(renderTable(result.checks))
  const path = writeResults(`${name}.json`, {bench: name, quick, time: new Date().toISOString(), ...result})
  process.stderr.write(`numbers written to ${path}\n`)
}
