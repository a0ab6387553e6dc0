/**
 * Test support for the conda test double (fixtures/conda): worlds, roots made by the fake
 * installers, quickly seeded environments, and the env vars a test passes to the CLI.
 */
import {type ChildProcess, execFile, execFileSync, spawn} from 'node:child_process'
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {seedEnv as seed} from '../../fixtures/conda/lib/api.mjs'

/** Absolute path of the double (fixtures/conda). */
export const DOUBLE_DIR = resolve(fileURLToPath(import.meta.url), '../../../fixtures/conda')

/** A world document (format: fixtures/conda/README.md "World format"). */
export type World = Record<string, unknown>

/** Installer file name for each emulated conda version. */
export const INSTALLERS: Record<string, string> = {
  '4.3.22': 'Miniconda3-4.3.22-Linux-x86_64.sh',
  '4.8.2': 'Anaconda3-2020.02-Linux-x86_64.sh',
  '4.8.3': 'Miniconda3-py38_4.8.3-Linux-x86_64.sh',
  '23.7.4': 'Miniconda3-py311_23.7.4-0-Linux-x86_64.sh',
  '25.11.1': 'Miniforge3-25.11.1-0-Linux-x86_64.sh',
  '26.7.1': 'Miniforge3-26.7.1-0-Linux-x86_64.sh',
}

/** Path of a fake installer, by file name (e.g. `Miniforge3-26.7.1-0-Linux-x86_64.sh`) or conda version. */
export const installerPath = (name: string): string => join(DOUBLE_DIR, 'installers', INSTALLERS[name] ?? name)

/**
 * Writes a world to `dir/world.json` and returns its path. `world` is a world document or the
 * name of a ready world in fixtures/conda/worlds (`synthetic`, `demo`). HOME of the double is
 * `dir/home` unless the world says otherwise.
 */
export const writeWorld = (dir: string, world: World | string): string => {
  const doc: World =
    typeof world === 'string'
      ? (JSON.parse(readFileSync(join(DOUBLE_DIR, 'worlds', `${world}.json`), 'utf8')) as World)
      : world
  mkdirSync(dir, {recursive: true})
  const file = join(dir, 'world.json')
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`)
  return file
}

let hostPython: string | undefined
/** The real host interpreter (resolving pyenv shims once keeps installs fast). */
const realPython = (): string => {
  hostPython ??= execFileSync('python3', ['-c', 'import os, sys; print(os.path.realpath(sys.executable))'], {
    encoding: 'utf8',
  }).trim()
  return hostPython
}

/** Env vars for running the double's conda/pip/installers against `worldPath`. */
export const doubleEnv = (worldPath: string): Record<string, string> => ({
  CONDA_DOUBLE_WORLD: worldPath,
  CONDA_DOUBLE_PYTHON: realPython(),
  CONDA_DOUBLE_NODE: process.execPath,
})

/**
 * Installs a root at `base/name` exactly as condamig does (`bash INSTALLER -b -p BASE/NAME`) and
 * returns its path. `installer` is a file name or path; `condaVersion` picks the matching installer.
 */
export const installRoot = async (o: {
  base: string
  name: string
  installer?: string
  condaVersion?: string
  world: string
}): Promise<string> => {
  const installer = o.installer?.includes('/') ? o.installer : installerPath(o.installer ?? o.condaVersion ?? '26.7.1')
  const prefix = join(o.base, o.name)
  await new Promise<void>((done, fail) => {
    execFile(
      'bash',
      [installer, '-b', '-p', prefix],
      {env: {...process.env, ...doubleEnv(o.world)}},
      (error, _out, err) => (error ? fail(new Error(`installer failed: ${err || error.message}`)) : done()),
    )
  })
  return prefix
}

/**
 * Makes env `name` in `root` quickly (a direct call into the double, no conda process): conda
 * specs solved against the world (the root's channels, or `channels`), optional pip requirements
 * and git URLs installed like pip, and `orphans`: pip installs whose source is gone
 * (`name==1.0`, `name @ git+URL@commit`), written as pip left them. Returns the env prefix.
 */
export const seedEnv = (
  root: string,
  name: string,
  o: {conda: string[]; pip?: string[]; git?: string[]; orphans?: string[]; world?: string; channels?: string[]},
): Promise<string> => seed(root, name, o)

/** What a process of the double did. */
export type DoubleRun = {exitCode: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string}

/**
 * Runs an executable of a root or env (bin/conda, bin/python, …) with the world's env vars and
 * resolves when it ends (never rejects). `onSpawn` gets the child, e.g. to signal it.
 */
export const runDouble = (
  file: string,
  args: string[],
  o: {world?: string; input?: string; env?: Record<string, string>; onSpawn?: (child: ChildProcess) => void} = {},
): Promise<DoubleRun> =>
  new Promise((done) => {
    const child = spawn(file, args, {env: {...process.env, ...(o.world ? doubleEnv(o.world) : {}), ...o.env}})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    // a process that exits without reading stdin must not fail the test with EPIPE
    child.stdin.on('error', () => {})
    child.stdin.end(o.input ?? '')
    child.on('close', (exitCode, signal) => done({exitCode, signal, stdout, stderr}))
    o.onSpawn?.(child)
  })
