import createDebug from 'debug'
import {readdirSync, readFileSync} from 'node:fs'

import {ExternalCommandError} from '../errors.js'
import {formatCommand, type RunRequest, type RunResult, type Runner} from './runner.js'

const debug = createDebug('condamig:run')
const DEFAULT_GRACE_MS = 5000
const POLL_MS = 25

/** Sends a signal to a whole process group; false when the group is gone. */
const signalGroup = (pgid: number, signal: NodeJS.Signals | 0): boolean => {
  try {
    process.kill(-pgid, signal)
    return true
  } catch {
    return false
  }
}

/**
 * True while a process of the group is alive. Zombies do not count: once the leader is gone its
 * dead children wait for init to reap them, which some inits do only every few seconds.
 */
const isGroupAlive = (pgid: number): boolean => {
  let pids: string[]
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))
  } catch {
    return signalGroup(pgid, 0) // no /proc: zombies count as alive, we only wait longer
  }

  return pids.some((pid) => {
    try {
      // /proc/PID/stat: "pid (comm) state ppid pgrp …"; comm may hold spaces, so split after ')'
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      return Number(pgrp) === pgid && state !== 'Z' && state !== 'X'
    } catch {
      return false
    }
  })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Waits until no process of the group is left, SIGKILLing it when the grace period runs out. */
const reapGroup = async (pgid: number, graceMs: number): Promise<void> => {
  const deadline = Date.now() + graceMs
  while (isGroupAlive(pgid)) {
    if (Date.now() >= deadline) signalGroup(pgid, 'SIGKILL')
    await sleep(POLL_MS)
  }
}

/**
 * The only module that imports execa. Each child runs in its own process group, so that
 * termination reaches conda's own children (pip, python) too, and the terminal's Ctrl-C
 * reaches condamig alone: it decides when and how children stop.
 */
export class ExecaRunner implements Runner {
  private readonly groups = new Set<number>()
  private readonly groupListeners = new Set<(pgids: readonly number[]) => void>()

  watchGroups(listener: (pgids: readonly number[]) => void): () => void {
    this.groupListeners.add(listener)
    return () => this.groupListeners.delete(listener)
  }

  private groupsChanged(): void {
    const pgids = [...this.groups]
    for (const listener of this.groupListeners) listener(pgids)
  }

  async run(request: RunRequest): Promise<RunResult> {
    const {file, args, onOutput} = request
    const command = formatCommand(file, args)
    const graceMs = request.killGraceMs ?? DEFAULT_GRACE_MS
    const started = Date.now()
    debug('%s (cwd %s)', command, request.cwd ?? process.cwd())

    // loaded on first use: execa costs ~100 ms of start-up that read-only commands (status) never need
    const {execa} = await import('execa')
    const child = execa(file, [...args], {
      cwd: request.cwd,
      env: request.env,
      extendEnv: true,
      input: request.input,
      stdin: request.input === undefined ? 'ignore' : 'pipe',
      detached: true,
      reject: false,
      buffer: false,
      stripFinalNewline: false,
      encoding: 'utf8',
    })
    // detached: the child leads its own group (pgid = its pid); reported as soon as it exists
    const pgid = child.pid
    if (pgid !== undefined) {
      this.groups.add(pgid)
      this.groupsChanged()
    }
    const chunks = {stdout: [] as string[], stderr: [] as string[]}
    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream]?.setEncoding('utf8')
      child[stream]?.on('data', (chunk: string) => {
        chunks[stream].push(chunk)
        onOutput?.(chunk, stream)
      })
    }

    let ending: 'timeout' | 'cancel' | undefined
    let killTimer: NodeJS.Timeout | undefined
    const terminate = (why: 'timeout' | 'cancel') => {
      if (ending || child.pid === undefined) return
      ending = why
      signalGroup(child.pid, 'SIGTERM')
      killTimer = setTimeout(() => child.pid !== undefined && signalGroup(child.pid, 'SIGKILL'), graceMs)
    }
    const onAbort = () => terminate('cancel')
    if (request.signal?.aborted) onAbort()
    request.signal?.addEventListener('abort', onAbort, {once: true})
    const timeoutTimer = request.timeoutMs ? setTimeout(() => terminate('timeout'), request.timeoutMs) : undefined

    try {
      const result = await child
      if (result.failed && result.exitCode === undefined && result.signal === undefined) {
        throw new ExternalCommandError(file, args, `could not run ${command}: ${result.shortMessage}`, {
          hint: `check that ${file} exists and is executable`,
          cause: result.cause,
        })
      }

      // The leader is gone; its group (conda's pip, python…) must be gone too before we return.
      if (ending && child.pid !== undefined) await reapGroup(child.pid, graceMs)
      return {
        command,
        exitCode: result.exitCode ?? null,
        signal: result.signal,
        stdout: chunks.stdout.join(''),
        stderr: chunks.stderr.join(''),
        timedOut: ending === 'timeout',
        cancelled: ending === 'cancel',
        durationMs: Date.now() - started,
      }
    } finally {
      clearTimeout(timeoutTimer)
      clearTimeout(killTimer)
      request.signal?.removeEventListener('abort', onAbort)
      if (pgid !== undefined && this.groups.delete(pgid)) this.groupsChanged()
    }
  }
}
