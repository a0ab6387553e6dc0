/**
 * A shared base under attack (issue 8): the sample installation of make-base.ts made group-managed (setgid, group
 * of a real co-admin when running as root), a root-only secret outside it (the /etc/shadow a co-admin would aim
 * at), and the CLI run with a watchdog, so an attack that makes condamig block shows up as a kill, not a hung suite.
 */
import {execFileSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync} from 'node:fs'
import {join, relative} from 'node:path'
import {expect} from 'vitest'

import {type CoAdmin, fileHash} from './co-admin.js'
import {makeBase, type SampleBase, tmpDir} from './make-base.js'
import {specYaml} from './qa-base.js'
import {type CliResult, runCli} from './run-cli.js'

export type AttackBase = SampleBase & {
  /** A file only root may read, outside BASE, with a recognisable first line. */
  secret: string
  /** A directory outside BASE (where a link out would make condamig write). */
  away: string
  /** Runs a command as the co-admin, or as this user when there is none (not root). */
  plant: (argv: string[]) => void
  /** The secret's hash, mode included: compare before and after. */
  secretHash: () => string
}

/** The secret's first line: no output, report or log may ever contain it. */
export const SECRET_LINE = 'root:$6$s3cr3t-hash:19000:0:99999:7:::'

/**
 * v23 (current, conda 23.7.4) holding py38, v26 (qa, 26.7.1) empty, the ini `py38 = REPLICATE`, its exported spec,
 * and kernel k38 running py38. With a co-admin, BASE is handed to the co-admin's group (2775/664) as a group-managed
 * base is, and the co-admin plants; without one (not root), this user plants.
 */
export const makeAttackBase = async (co: CoAdmin | undefined, ini = '[environments]\npy38 = REPLICATE\n') => {
  const dir = tmpDir('condamig-attack-')
  const sample = await makeBase(dir, {
    roots: {v23: {condaVersion: '23.7.4', envs: {py38: {conda: ['python=3.8']}}}, v26: {condaVersion: '26.7.1'}},
    current: 'v23',
    qa: 'v26',
    ini,
    kernels: {k38: {python: 'current/envs/py38/bin/python'}},
  })
  chmodSync(dir, 0o755) // the co-admin must reach BASE; the secret's own mode keeps it private
  mkdirSync(join(sample.base, 'env_specs'))
  writeFileSync(join(sample.base, 'env_specs', 'py38.yml'), specYaml('py38', ['python=3.8']))
  for (const name of ['reports', 'logs', '.condamig']) mkdirSync(join(sample.base, name))
  co?.share(sample.base)
  const secret = join(dir, 'etc', 'shadow')
  mkdirSync(join(dir, 'etc'), {mode: 0o755})
  writeFileSync(secret, `${SECRET_LINE}\nalice:$6$another:19000:0:99999:7:::\n`, {mode: 0o600})
  chmodSync(secret, 0o600)
  const away = join(dir, 'away')
  mkdirSync(away, {mode: 0o777})
  chmodSync(away, 0o777)
  const plant = (argv: string[]) => {
    if (co) co.run(argv)
    else runLocal(argv)
  }

  return {...sample, secret, away, plant, secretHash: () => fileHash(secret)} satisfies AttackBase
}

const runLocal = (argv: string[]) => void execFileSync(argv[0] ?? 'true', argv.slice(1))

export type TimedRun = CliResult & {ms: number}

/**
 * The CLI on `base`, killed (SIGKILL) if it has not ended after `limitMs`: a run that blocked on a FIFO or
 * /dev/zero ends with signal SIGKILL, which every attack test rejects.
 */
export const cliWithWatchdog = async (
  argv: string[],
  env: Record<string, string>,
  limitMs = 30_000,
): Promise<TimedRun> => {
  let timer: NodeJS.Timeout | undefined
  const started = performance.now()
  const result = await runCli(argv, {
    env,
    onSpawn: (pid) => {
      timer = setTimeout(() => process.kill(pid, 'SIGKILL'), limitMs)
    },
  })
  clearTimeout(timer)
  return {...result, ms: performance.now() - started}
}

/**
 * A refusal as an admin sees it: the run ended by itself, with `exitCode`, and exactly one `condamig:` line on
 * stderr (a `hint:` line may follow), which matches `line`; no secret anywhere in the output.
 */
export const expectRefusal = (run: TimedRun, exitCode: number, line: string | RegExp) => {
  expect(run.signal, `killed by the watchdog after ${Math.round(run.ms)} ms: it blocked`).toBeNull()
  const lines = run.stderr.split('\n').filter((l) => l.startsWith('condamig: '))
  expect(lines, run.stderr).toHaveLength(1)
  if (typeof line === 'string') expect(lines[0]).toBe(`condamig: ${line}`)
  else expect(lines[0]).toMatch(line)
  expect(run.exitCode, run.stderr).toBe(exitCode)
  expect(run.stdout + run.stderr).not.toContain('s3cr3t')
}

/**
 * A digest of everything under `dir` that never opens anything but regular files (hashTree would block on a
 * planted FIFO): paths, kinds, modes, link targets and file contents.
 */
export const safeTreeHash = (dir: string): string => {
  const hash = createHash('sha256')
  const walk = (path: string) => {
    const stats = lstatSync(path)
    const rel = relative(dir, path) || '.'
    const mode = (stats.mode & 0o7777).toString(8)
    if (stats.isSymbolicLink()) hash.update(`L ${rel} -> ${readlinkSync(path)}\n`)
    else if (stats.isDirectory()) {
      hash.update(`D ${rel} ${mode}\n`)
      for (const name of readdirSync(path).sort()) walk(join(path, name))
    } else if (stats.isFile()) {
      hash.update(`F ${rel} ${mode} ${stats.size}\n`)
      hash.update(readFileSync(path))
    } else hash.update(`O ${rel} ${mode}\n`)
  }
  walk(dir)
  return hash.digest('hex')
}

/** Every file under `dir` whose text contains the secret (a report row, a log line, an archive). */
export const filesWithSecret = (dir: string): string[] => {
  const found: string[] = []
  const walk = (path: string) => {
    const stats = lstatSync(path)
    if (stats.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name))
    else if (stats.isFile() && readFileSync(path, 'utf8').includes('s3cr3t')) found.push(relative(dir, path))
  }
  walk(dir)
  return found
}
