import {createHash, randomBytes} from 'node:crypto'
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs'
import {dirname} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {RefusedError} from '../errors.js'
import {tempSibling} from './atomic-write.js'
import {type Clock, isoSeconds, systemClock} from './clock.js'
import {processFacts} from './fs-facts.js'
import {mkdirShared, sharedModes} from './shared-permissions.js'

/** The JSON in BASE/.condamig/lock. `startTime` (/proc starttime) tells a live holder from a reused pid. */
export type LockInfo = {
  pid: number
  host: string
  user: string
  command: string
  since: string
  startTime?: number
  /** Random per acquisition, so release() never removes a lock that is not its own. */
  token?: string
}

/** A held lock. `tookOver` is the stale lock of a dead process it replaced (worth a warning). */
export type Lock = {path: string; info: LockInfo; tookOver?: LockInfo; release(): void}

export type LockRequest = {
  command: string
  user: string
  host: string
  /** Defaults to this process. */
  pid?: number
  clock?: Clock
  /** BASE: create the lock directory and file with the shared-base permissions (others can read who holds it). */
  shared?: string
}

/** How long a takeover marker may exist before it is taken for the leftover of a process that died mid-takeover. */
const MARKER_STALE_MS = 10_000

const errno = (error: unknown) => (error as NodeJS.ErrnoException).code

const readOrUndefined = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    if (errno(error) === 'ENOENT') return undefined
    throw error
  }
}

const parseLockInfo = (raw: string): LockInfo | undefined => {
  try {
    const v = JSON.parse(raw) as Partial<LockInfo>
    const strings = [v.host, v.user, v.command, v.since].every((s) => typeof s === 'string')
    return strings && Number.isInteger(v.pid) && (v.pid as number) > 0 ? (v as LockInfo) : undefined
  } catch {
    return undefined
  }
}

const heldBy = (path: string, h: LockInfo) =>
  `${path} is held by ${h.user}@${h.host} (pid ${h.pid}, '${h.command}', since ${h.since})`

const refusal = (path: string, raw: string, ourHost: string): RefusedError => {
  const held = parseLockInfo(raw)
  if (!held)
    return new RefusedError('lock.unreadable', `${path} exists but is not a readable condamig lock`, {
      hint: `if no condamig is running, remove ${path} by hand`,
    })
  const hint =
    held.host === ourHost
      ? `wait for it to finish; condamig takes the lock over by itself once pid ${held.pid} is gone`
      : `condamig on ${ourHost} cannot tell whether pid ${held.pid} still runs on ${held.host}; if it does not, remove ${path} by hand`
  return new RefusedError('lock.held', heldBy(path, held), {hint})
}

/**
 * Whether the holder of a lock still runs. Another host cannot be judged from here. On this host: the pid is gone,
 * a zombie, or now belongs to a process that started at another time (pid reuse) → dead.
 */
export const holderVerdict = (held: LockInfo, host: string): 'alive' | 'dead' | 'unknown' => {
  if (held.host !== host) return 'unknown'
  const proc = processFacts(held.pid)
  if (proc === 'gone') return 'dead'
  if (proc === undefined) return 'alive' // no /proc here: a signal-0 probe said it exists
  if (proc.state === 'Z' || proc.state === 'X') return 'dead'
  if (held.startTime !== undefined) return proc.startTime === held.startTime ? 'alive' : 'dead'
  // a lock without startTime (written by hand): a process younger than the lock cannot be its holder
  const since = Date.parse(held.since)
  return proc.startedAt !== undefined && !Number.isNaN(since) && proc.startedAt.getTime() > since + 2000
    ? 'dead'
    : 'alive'
}

/**
 * Replaces the stale lock whose content is `raw` by ours (the `temp` hard link), or reports why not. Atomic between
 * any number of contenders: only the one that creates the marker directory named after that content may remove it,
 * and it re-reads the lock first, so a contender that arrives late finds a fresh lock and gives up.
 */
const takeOver = (path: string, raw: string, temp: string): 'won' | 'changed' | 'busy' => {
  const marker = `${path}.takeover-${createHash('sha256').update(raw).digest('hex').slice(0, 16)}`
  try {
    mkdirSync(marker)
  } catch (error) {
    if (errno(error) !== 'EEXIST') throw error
    const age = Date.now() - (statSync(marker, {throwIfNoEntry: false})?.mtimeMs ?? Date.now())
    if (age > MARKER_STALE_MS)
      throw new RefusedError('lock.stuck', `${path} is stale but an earlier takeover of it never finished`, {
        hint: `if no condamig is running, remove ${path} and ${marker} by hand`,
      })
    return 'busy'
  }
  try {
    if (readOrUndefined(path) !== raw) return 'changed'
    unlinkSync(path)
    linkSync(temp, path)
    return 'won'
  } catch (error) {
    if (errno(error) === 'EEXIST' || errno(error) === 'ENOENT') return 'changed'
    throw error
  } finally {
    rmdirSync(marker)
  }
}

const writeTemp = (path: string, info: LockInfo, mode: number): string => {
  const temp = tempSibling(path)
  const fd = openSync(temp, 'wx', mode)
  try {
    fchmodSync(fd, mode) // the umask must not hide who holds the lock from the other admins
    writeSync(fd, `${JSON.stringify(info)}\n`)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  return temp
}

/**
 * Takes BASE/.condamig/lock for a mutating command (CONTRACT §3). The lock appears with its full content at once
 * (written to a temp file, then link(2), which fails if the lock exists — the O_EXCL of a complete file).
 * Held by a live process, by a process on another host, or unreadable → RefusedError (exit 3) naming the holder.
 * Left by a dead process on this host (pid gone, a zombie, or the pid reused since) → taken over safely.
 */
export const acquireLock = async (path: string, request: LockRequest): Promise<Lock> => {
  const pid = request.pid ?? process.pid
  const proc = processFacts(pid)
  const startTime = typeof proc === 'object' ? proc.startTime : undefined
  const since = isoSeconds((request.clock ?? systemClock).now())
  const token = randomBytes(8).toString('hex')
  const info: LockInfo = {pid, host: request.host, user: request.user, command: request.command, since, token}
  if (startTime !== undefined) info.startTime = startTime
  if (request.shared === undefined) mkdirSync(dirname(path), {recursive: true})
  else mkdirShared(dirname(path), request.shared)
  const temp = writeTemp(path, info, request.shared === undefined ? 0o644 : sharedModes(request.shared).file)
  try {
    const tookOver = await linkOrTakeOver(path, temp, request.host)
    return makeLock(path, info, tookOver)
  } finally {
    unlinkSync(temp)
  }
}

const linkOrTakeOver = async (path: string, temp: string, host: string): Promise<LockInfo | undefined> => {
  for (;;) {
    try {
      linkSync(temp, path)
      return undefined
    } catch (error) {
      if (errno(error) !== 'EEXIST') throw error
    }
    const raw = readOrUndefined(path)
    if (raw === undefined) continue // released in between: try again
    const held = parseLockInfo(raw)
    if (!held || holderVerdict(held, host) !== 'dead') throw refusal(path, raw, host)
    const outcome = takeOver(path, raw, temp)
    if (outcome === 'won') return held
    if (outcome === 'busy') await sleep(5 + Math.random() * 20)
  }
}

const makeLock = (path: string, info: LockInfo, tookOver: LockInfo | undefined): Lock => {
  let released = false
  return {
    path,
    info,
    ...(tookOver && {tookOver}),
    release() {
      if (released) return
      released = true
      // only our own lock: a lock removed by hand and re-taken by someone else is theirs
      const raw = readOrUndefined(path)
      if (raw !== undefined && parseLockInfo(raw)?.token === info.token) unlinkSync(path)
    },
  }
}
