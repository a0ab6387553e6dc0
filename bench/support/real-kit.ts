// The real-conda world for benchmarks: the kit (../shared/realconda), the builder of the real-conda suite
// (test/real/kit/make-old-base.sh), condamig run as an admin runs it, and a /proc sampler that sees every conda
// process of a root (also the ones no per-env log holds: `conda --version`, the solver probe).
import {execFileSync, spawn, spawnSync} from 'node:child_process'
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

import {nowMs} from './stats.js'

export const PKG_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const KIT = resolve(process.env.CONDAMIG_REALCONDA ?? join(PKG_ROOT, '..', 'shared', 'realconda'))
export const DEV_BIN = join(PKG_ROOT, 'bin', 'dev.js')

/** Why the kit cannot run here (the checks of test/real/support/kit.ts), or undefined. */
export const kitProblem = (): string | undefined => {
  if (!existsSync(join(KIT, 'make-channel.py'))) return `no real-conda kit at ${KIT} (set CONDAMIG_REALCONDA)`
  const host = spawnSync('/usr/bin/python3', ['-c', 'import ruamel.yaml, pycosat, zstandard'], {encoding: 'utf8'})
  if (host.status !== 0) return `the kit's host packages are missing: run bash ${join(KIT, 'setup-host.sh')} as root`
  if (spawnSync('git', ['--version']).status !== 0) return 'git is not installed'
  return undefined
}

/** What every conda and pip call sees (as in the real-conda suite): HOME in the work dir, pip offline. */
export const kitEnv = (work: string): Record<string, string> => ({
  HOME: join(work, 'home'),
  PIP_NO_INDEX: '1',
  PIP_FIND_LINKS: join(work, 'wheels'),
  PIP_DISABLE_PIP_VERSION_CHECK: '1',
})

/**
 * Builds the old world in WORK (channels, installers, WORK/base with the old root 23.7.4 and its envs) and appends
 * the admin's channel_map (the old channel is retired; its successor lacks numpy 1.24.4) to condamig.ini.
 */
export const makeOldWorld = (work: string): void => {
  execFileSync('bash', [join(PKG_ROOT, 'test', 'real', 'kit', 'make-old-base.sh'), KIT, work], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  const ini = join(work, 'base', 'condamig.ini')
  writeFileSync(ini, `${readFileSync(ini, 'utf8')}channel_map = file://${work}/channel=file://${work}/channel-new\n`)
}

export type ProcessResult = {
  exitCode: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  ms: number
}

/** Runs FILE ARGS to the end, capturing its output, killed after `timeoutMs`. */
export const runProcess = (
  file: string,
  args: readonly string[],
  o: {env: Record<string, string | undefined>; cwd?: string; timeoutMs: number},
): Promise<ProcessResult> =>
  new Promise((resolvePromise, reject) => {
    const start = nowMs()
    const child = spawn(file, args, {
      cwd: o.cwd ?? PKG_ROOT,
      env: o.env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGTERM'), o.timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer)
      resolvePromise({exitCode, signal, stdout, stderr, ms: nowMs() - start})
    })
  })

/** condamig as an admin runs it (bin/dev.js, CI=true: plain progress lines), on BASE, in the kit's environment. */
export const condamig = (work: string, base: string, argv: readonly string[], timeoutMs = 20 * 60_000) => {
  const env: Record<string, string | undefined> = {...process.env, CI: 'true', NODE_ENV: 'production', ...kitEnv(work)}
  delete env.VITEST
  return runProcess(process.execPath, ['--import', 'tsx', DEV_BIN, ...argv, '--base', base], {env, timeoutMs})
}

/** condamig, failing with its output unless it exits with one of `codes`. */
export const condamigOk = async (
  work: string,
  base: string,
  argv: readonly string[],
  codes: readonly number[] = [0],
): Promise<ProcessResult> => {
  const result = await condamig(work, base, argv)
  if (result.exitCode === null || !codes.includes(result.exitCode)) {
    throw new Error(
      `condamig ${argv.join(' ')} exited ${result.exitCode ?? result.signal}:\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`,
    )
  }

  return result
}

/**
 * A conda process seen by the sampler: its pid and command line (argv after the interpreter), and how it came to be:
 * `top` was started by condamig or the loop, `worker` was forked by a conda process (extraction workers keep the
 * parent's command line), `nested` runs under a conda process with other arguments, e.g. through a shell (conda's wrapped subprocesses, e.g.
 * `sh -c '. …/conda.sh && conda activate …'` around pip or compile steps: `conda shell.posix activate`).
 */
export type SeenProcess = {pid: number; args: string[]; origin: 'top' | 'worker' | 'nested'}

const parentOf = (pid: number): number | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
    return Number.isFinite(ppid) ? ppid : undefined
  } catch {
    return undefined
  }
}

const condaArgs = (pid: number, conda: string): string[] | undefined => {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean)
    const at = argv.indexOf(conda)
    return at === -1 || at > 1 ? undefined : argv
  } catch {
    return undefined // the process ended between readdir and read
  }
}

/**
 * Samples /proc every `intervalMs` for processes running `ROOT/bin/conda` (a python script: the command line is
 * `ROOT/bin/python ROOT/bin/conda ARGS`). A conda process lives ≥ 0.3 s here, so 50 ms sampling sees every one.
 * `stop()` returns each process once. Where /proc is missing it returns nothing (`available: false`).
 */
export const sampleCondaProcesses = (root: string, intervalMs = 50) => {
  const conda = join(root, 'bin', 'conda')
  const available = existsSync('/proc/self/cmdline')
  const seen = new Map<string, SeenProcess>()
  const sample = () => {
    let entries: string[]
    try {
      entries = readdirSync('/proc')
    } catch {
      return
    }

    for (const entry of entries) {
      if (!/^\d+$/.test(entry)) continue
      const pid = Number(entry)
      const argv = condaArgs(pid, conda)
      if (argv === undefined) continue
      // pid and arguments: a reused pid running another conda command is another process
      const key = `${pid} ${argv.join(' ')}`
      if (seen.has(key)) continue
      // the nearest conda ancestor, up to our own process: the parent (a fork) or further up (through a shell)
      let origin: SeenProcess['origin'] = 'top'
      let ancestor = parentOf(pid)
      for (let depth = 0; ancestor !== undefined && ancestor > 1 && ancestor !== process.pid && depth < 8; depth++) {
        const ancestorArgs = condaArgs(ancestor, conda)
        if (ancestorArgs !== undefined) {
          origin = depth === 0 && ancestorArgs.join('\0') === argv.join('\0') ? 'worker' : 'nested'
          break
        }

        ancestor = parentOf(ancestor)
      }

      seen.set(key, {pid, args: argv.slice(argv.indexOf(conda) + 1), origin})
    }
  }

  const timer = available ? setInterval(sample, intervalMs) : undefined
  if (available) sample()
  return {
    available,
    stop: (): SeenProcess[] => {
      if (timer) clearInterval(timer)
      if (available) sample()
      return [...seen.values()]
    },
  }
}
