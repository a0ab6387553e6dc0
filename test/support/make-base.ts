/**
 * Builds a sample shared installation (CONTRACT §1) with the conda test double: roots laid out by the fake
 * installers, environments seeded into them, `current`/`qa`/`envs` as RELATIVE links, condamig.ini and
 * kernels/NAME/kernel.json. Also hashes a tree, so a test can prove that nothing changed.
 */
import {createHash} from 'node:crypto'
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import {tmpdir} from 'node:os'
import {isAbsolute, join, relative, sep} from 'node:path'
import {format} from 'node:util'
import {onTestFinished, vi} from 'vitest'

import {createContext, type AppContext} from '../../src/context.js'
import {DOUBLE_DIR, doubleEnv, installRoot, seedEnv, writeWorld, type World} from './double.js'
import {PKG_ROOT} from './run-cli.js'

/** One environment seeded by the double: conda specs, pip requirements, git URLs (installed like pip). */
export type EnvSeed = {conda: string[]; pip?: string[]; git?: string[]}

/** A root made by the fake installer of `condaVersion`, with its environments. */
export type RootSpec = {condaVersion: string; envs?: Record<string, EnvSeed>}

/**
 * A kernel: the interpreter path (absolute, or relative to BASE), or the raw text of kernel.json (to make a broken
 * one).
 */
export type KernelSpecInput = {python: string} | {raw: string}

export type BaseSpec = {
  roots: Record<string, RootSpec>
  /** Link targets, relative as the contract requires; absent → no link. */
  current?: string
  qa?: string
  /** `envs -> current/envs`. */
  envsLink?: boolean
  /** condamig.ini text; absent → no ini. */
  ini?: string
  kernels?: Record<string, KernelSpecInput>
  /** A world document; default: the synthetic world. */
  world?: World
}

export type SampleBase = {
  /** The temp dir holding everything (base/ and world/). */
  dir: string
  base: string
  /** Path of the world file the roots were installed with. */
  world: string
  /** Env vars for a CLI run against this base (the double's world, interpreter and node). */
  env: Record<string, string>
  root: (name: string) => string
  /** Removes `dir`; registered with onTestFinished unless `cleanup: 'manual'`. */
  cleanup: () => void
}

/** The transcripts' root .condarc: only the synthetic channel (a Miniforge root would ask conda-forge). */
const CONDARC = `channels:
  - file:///opt/conda-example/channel
default_channels:
  - file:///opt/conda-example/channel
channel_alias: file:///opt/conda-example/no-such-alias
auto_update_conda: false
`

/** The manual example of the brief: v23 (conda 23.7.4) with three envs, v26 (26.7.1) empty, current/qa links. */
export const SAMPLE: BaseSpec = {
  roots: {
    v23: {
      condaVersion: '23.7.4',
      envs: {
        py311: {conda: ['python=3.11', 'numpy=1.26', 'pandas', 'requests', 'hlinkutils']},
        withpip: {
          conda: ['python=3.11', 'pip', 'requests'],
          pip: ['hlink-client==1.0.0'],
          git: ['git+file:///opt/conda-example/gitrepos/hlink-private@v0.2.0#egg=hlink-private'],
        },
        py38: {conda: ['python=3.8']},
      },
    },
    v26: {condaVersion: '26.7.1'},
  },
  current: 'v23',
  qa: 'v26',
  ini: '[environments]\npy311 = REPLICATE\nwithpip = REPLICATE\npy38 = export\n',
}

/** A fresh, empty temp dir (resolved, so paths compare equal to what conda prints). */
export const tmpDir = (prefix = 'condamig-test-'): string => realpathSync(mkdtempSync(join(tmpdir(), prefix)))

/** Refuses anything but an existing, empty directory inside the OS temp dir (lint-staged's guard). */
const assertScratchDir = (dir: string) => {
  if (!dir || !isAbsolute(dir)) throw new Error(`makeBase needs an explicit absolute temp dir, got '${dir}'`)
  const tmp = realpathSync(tmpdir())
  const real = realpathSync(dir)
  if (!real.startsWith(tmp + sep)) throw new Error(`makeBase refuses ${dir}: not inside ${tmp}`)
  if (readdirSync(real).length > 0) throw new Error(`makeBase refuses ${dir}: not empty`)
}

const kernelText = (base: string, input: KernelSpecInput): string => {
  if ('raw' in input) return input.raw
  const python = isAbsolute(input.python) ? input.python : join(base, input.python)
  const argv = [python, '-m', 'ipykernel_launcher', '-f', '{connection_file}']
  return `${JSON.stringify({argv, display_name: `Python (${input.python})`, language: 'python'}, null, 1)}\n`
}

/**
 * Builds `spec` under `dir/base` (the world goes to `dir/world`). `dir` must be an empty temp dir (see tmpDir).
 * Inside a test the dir is removed when the test finishes; from beforeAll pass `cleanup: 'manual'` and call
 * `cleanup()` in afterAll.
 */
export const makeBase = async (
  dir: string,
  spec: BaseSpec = SAMPLE,
  options: {cleanup?: 'test' | 'manual'} = {},
): Promise<SampleBase> => {
  assertScratchDir(dir)
  const cleanup = () => rmSync(dir, {recursive: true, force: true})
  if (options.cleanup !== 'manual') onTestFinished(cleanup)
  try {
    return await build(dir, spec, cleanup)
  } catch (error) {
    cleanup() // a beforeAll that throws never reaches its afterAll's cleanup()
    throw error
  }
}

const build = async (dir: string, spec: BaseSpec, cleanup: () => void): Promise<SampleBase> => {
  const synthetic = JSON.parse(readFileSync(join(DOUBLE_DIR, 'worlds', 'synthetic.json'), 'utf8')) as World
  // rootHomes: [] — as root, conda would also read every passwd user's environments.txt
  const world = writeWorld(join(dir, 'world'), spec.world ?? {...synthetic, rootHomes: []})
  const base = join(dir, 'base')
  mkdirSync(base)
  for (const [name, root] of Object.entries(spec.roots)) {
    const prefix = await installRoot({base, name, condaVersion: root.condaVersion, world})
    writeFileSync(join(prefix, '.condarc'), CONDARC)
    for (const [env, seed] of Object.entries(root.envs ?? {})) await seedEnv(prefix, env, {...seed, world})
  }

  if (spec.current !== undefined) symlinkSync(spec.current, join(base, 'current'))
  if (spec.qa !== undefined) symlinkSync(spec.qa, join(base, 'qa'))
  if (spec.envsLink) symlinkSync(join('current', 'envs'), join(base, 'envs'))
  if (spec.ini !== undefined) writeFileSync(join(base, 'condamig.ini'), spec.ini)
  for (const [name, kernel] of Object.entries(spec.kernels ?? {})) {
    mkdirSync(join(base, 'kernels', name), {recursive: true})
    writeFileSync(join(base, 'kernels', name, 'kernel.json'), kernelText(base, kernel))
  }

  return {dir, base, world, env: doubleEnv(world), root: (name) => join(base, name), cleanup}
}

/**
 * A digest of everything under `dir`: relative paths, entry kinds, file contents and modes, link targets. Times are
 * left out (reading a file changes its atime), so equal hashes mean nothing was created, removed or rewritten.
 */
export const hashTree = (dir: string): string => {
  const hash = createHash('sha256')
  const walk = (path: string) => {
    const stats = lstatSync(path)
    const rel = relative(dir, path) || '.'
    if (stats.isSymbolicLink()) hash.update(`L ${rel} -> ${readlinkSync(path)}\n`)
    else if (stats.isDirectory()) {
      hash.update(`D ${rel} ${(stats.mode & 0o7777).toString(8)}\n`)
      for (const name of readdirSync(path).sort()) walk(join(path, name))
    } else {
      hash.update(`F ${rel} ${(stats.mode & 0o7777).toString(8)} ${stats.size}\n`)
      hash.update(readFileSync(path))
    }
  }
  walk(dir)
  return hash.digest('hex')
}

/** A workflow context on `base`: silent renderer, a fixed clock, log lines collected instead of printed. */
export const workflowContext = (
  base: string,
  overrides: Partial<Omit<AppContext, 'base' | 'layout'>> = {},
): AppContext & {lines: string[]} => {
  const lines: string[] = []
  const ctx = createContext({
    base,
    templatesDir: join(PKG_ROOT, 'templates'),
    renderer: 'silent',
    now: () => new Date('2026-11-26T12:00:00.000Z'),
    log: (line) => lines.push(line),
    command: 'condamig test',
    ...overrides,
  })
  return Object.assign(ctx, {lines})
}

/** What an in-process command run printed, and the exit code it set (process.exitCode is reset afterwards). */
export type CommandRun = {exitCode: number; stdout: string; stderr: string}

/**
 * Runs a command class in-process (STYLE §15: `await Inventory.run(argv, PKG_ROOT)`), capturing stdout and stderr.
 */
export const runCommand = async (
  command: {run: (argv: string[], root: string) => Promise<unknown>},
  argv: string[],
): Promise<CommandRun> => {
  let stdout = ''
  let stderr = ''
  // oclif prints through console.log/console.error, condamig's own lines through process.stderr.write
  const spies = [
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void (stdout += `${format(...args)}\n`)),
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void (stderr += `${format(...args)}\n`)),
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk)
      return true
    }),
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk)
      return true
    }),
  ]
  const before = process.exitCode
  process.exitCode = undefined
  try {
    await command.run(argv, PKG_ROOT)
  } finally {
    for (const spy of spies) spy.mockRestore()
  }

  const exitCode = Number(process.exitCode ?? 0)
  process.exitCode = before
  return {exitCode, stdout, stderr}
}
