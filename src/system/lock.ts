import {createHash, randomBytes} from 'node:crypto'
import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmdirSync,
  rmSync,
  type Stats,
  statSync,
  unlinkSync,
} from 'node:fs'
import {dirname} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'

import {RefusedError} from '../errors.js'
import {cannotWrite, tempSibling, writeAll, writeTempFile} from './atomic-write.js'
import {type Clock, isoSeconds, systemClock} from './clock.js'
import {processFacts} from './fs-facts.js'
import {leaderStartTime, type ProcessGroup, stopGroups} from './process-groups.js'
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
  /**
   * The process groups of the holder's children now running (each child runs in its own group). Should the holder be
   * killed (SIGKILL, OOM), whoever takes its lock over stops what is left of them first.
   */
  groups?: ProcessGroup[]
}

/** A held lock. `tookOver` is the stale lock of a dead process it replaced (worth a warning). */
export type Lock = {
  path: string
  info: LockInfo
  tookOver?: LockInfo
  /** Process groups the dead holder left running, stopped before this lock was taken. */
  stopped?: {pgid: number; command: string}[]
  /** Records the process groups now running under this lock (false when the lock file could not be rewritten). */
  recordGroups(pgids: readonly number[]): boolean
  release(): void
}

export type LockRequest = {
  command: string
  user: string
  host: string
  /** Defaults to this process. */
  pid?: number
  clock?: Clock
  /** BASE: create the lock directory and file with the shared-base permissions (others can read who holds it). */
  shared?: string
  /** How long a dead holder's leftover process groups get between SIGTERM and SIGKILL; default 5 s. */
  killGraceMs?: number
}

/** How long a takeover marker may exist before it is taken for the leftover of a process that died mid-takeover. */
const MARKER_STALE_MS = 10_000
/** Rounds of link → look → take over before giving up on a lock that keeps changing under us. */
const MAX_ATTEMPTS = 100
const DEFAULT_KILL_GRACE_MS = 5000
/** A lock is a few hundred bytes (a few KB with many children): anything bigger is not one. */
const MAX_LOCK_BYTES = 64 * 1024

const errno = (error: unknown) => (error as NodeJS.ErrnoException).code

/** What is at the lock's path: nothing, something that is not a regular file (named for humans), or a file's text. */
export type LockReading =
  | {kind: 'none'}
  | {kind: 'not-a-file'; what: string}
  /** BASE/.condamig itself is not a directory (a file, a dangling link, a loop). */
  | {kind: 'bad-dir'}
  | {kind: 'file'; raw: string}

const describe = (path: string, stats: Stats): string => {
  if (stats.isDirectory()) return 'a directory'
  if (stats.isSymbolicLink()) {
    let target = '?'
    try {
      target = readlinkSync(path)
    } catch {
      // removed in between; the kind is what matters
    }
    try {
      statSync(path)
      return `a symbolic link (to ${target})`
    } catch (error) {
      if (errno(error) === 'ELOOP') return `a symbolic link loop (to ${target})`
      return `a dangling symbolic link (to ${target})`
    }
  }

  if (stats.isFile()) return 'a regular file'
  if (stats.isFIFO()) return 'a named pipe'
  if (stats.isSocket()) return 'a socket'
  if (stats.isBlockDevice() || stats.isCharacterDevice()) return 'a device file'
  return 'not a regular file'
}

/**
 * Reads whatever is at the lock's path without following it anywhere: a symbolic link (dangling, a loop, or to
 * anything), a directory, a pipe, a socket or a device is never opened as a lock, only described.
 */
export const readLockFile = (path: string): LockReading => {
  let stats: Stats
  try {
    stats = lstatSync(path)
  } catch (error) {
    if (errno(error) === 'ENOENT') return {kind: 'none'}
    if (errno(error) === 'ENOTDIR' || errno(error) === 'ELOOP') return {kind: 'bad-dir'}
    throw error
  }

  if (!stats.isFile()) return {kind: 'not-a-file', what: describe(path, stats)}
  let fd: number
  try {
    // O_NOFOLLOW | O_NONBLOCK: swapped for a link or a pipe since the lstat, it fails or returns at once
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  } catch (error) {
    if (errno(error) === 'ENOENT') return {kind: 'none'}
    if (errno(error) === 'ELOOP') return readLockFile(path)
    if (errno(error) === 'EACCES') return {kind: 'file', raw: ''} // someone's lock we may not read: unreadable
    throw error
  }

  try {
    const opened = fstatSync(fd)
    if (!opened.isFile()) return {kind: 'not-a-file', what: describe(path, opened)}
    if (opened.size > MAX_LOCK_BYTES) return {kind: 'file', raw: ''} // no lock is that big: unreadable, never read
    return {kind: 'file', raw: readFileSync(fd, 'utf8')}
  } finally {
    closeSync(fd)
  }
}

/** Something that is not a regular file stands where the lock should be: no condamig can lock until it is gone. */
const notALock = (path: string, what: string): RefusedError => {
  const how = what === 'a directory' ? `rm -r ${path}` : `rm ${path}`
  return new RefusedError(
    'lock.not-a-file',
    `${path} is ${what}, not a condamig lock file: no mutating command can run until it is removed (${how})`,
  )
}

/** The lock's directory (BASE/.condamig) must be a directory, or a link to one. */
const notALockDir = (dir: string): RefusedError => {
  let what = 'not a directory'
  try {
    what = describe(dir, lstatSync(dir))
  } catch {
    // gone in between
  }
  return new RefusedError(
    'lock.not-a-dir',
    `${dir} is ${what}, not condamig's state directory: no mutating command can run until it is removed (rm ${dir})`,
  )
}

const parseGroups = (value: unknown): ProcessGroup[] | undefined => {
  if (!Array.isArray(value)) return undefined
  return value.filter(
    (g): g is ProcessGroup =>
      typeof g === 'object' &&
      g !== null &&
      Number.isInteger((g as ProcessGroup).pgid) &&
      (g as ProcessGroup).pgid > 1 &&
      Number.isInteger((g as ProcessGroup).startTime),
  )
}

const parseLockInfo = (raw: string): LockInfo | undefined => {
  try {
    const v = JSON.parse(raw) as Partial<LockInfo>
    const strings = [v.host, v.user, v.command, v.since].every((s) => typeof s === 'string')
    if (!strings || !Number.isInteger(v.pid) || (v.pid as number) <= 0) return undefined
    const groups = parseGroups(v.groups)
    return {...(v as LockInfo), ...(groups ? {groups} : {})}
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

/** What stands at the lock's path, for `status`: the same verdict acquireLock reaches. */
export type LockState =
  | {state: 'free'}
  | {state: 'held' | 'stale' | 'unknown'; raw: string; holder: LockInfo}
  | {state: 'unreadable'; raw: string}
  | {state: 'not-a-file'; message: string}

export const lockState = (path: string, host: string): LockState => {
  const reading = readLockFile(path)
  if (reading.kind === 'none') return {state: 'free'}
  if (reading.kind === 'not-a-file') return {state: 'not-a-file', message: notALock(path, reading.what).message}
  if (reading.kind === 'bad-dir') return {state: 'not-a-file', message: notALockDir(dirname(path)).message}
  const holder = parseLockInfo(reading.raw)
  if (!holder) return {state: 'unreadable', raw: reading.raw}
  const verdict = holderVerdict(holder, host)
  const state = verdict === 'alive' ? 'held' : verdict === 'dead' ? 'stale' : 'unknown'
  return {state, raw: reading.raw, holder}
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
    const now = readLockFile(path)
    if (now.kind !== 'file' || now.raw !== raw) return 'changed'
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

const lockText = (info: LockInfo) => Buffer.from(`${JSON.stringify(info)}\n`, 'utf8')

const writeTemp = (path: string, info: LockInfo, mode: number): string => {
  const temp = tempSibling(path)
  // the umask must not hide who holds the lock from the other admins
  writeTempFile(temp, lockText(info), mode, (fd) => fchmodSync(fd, mode))
  return temp
}

const makeLockDir = (path: string, shared: string | undefined) => {
  const dir = dirname(path)
  try {
    if (shared === undefined) mkdirSync(dir, {recursive: true})
    else mkdirShared(dir, shared)
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error(`${dir}: not a directory`), {code: 'ENOTDIR'})
  } catch (error) {
    // EEXIST: a file; ENOENT: a dangling link; ELOOP: a link loop; ENOTDIR: a file on the way
    if (['EEXIST', 'ENOTDIR', 'ENOENT', 'ELOOP'].includes(errno(error) ?? '')) throw notALockDir(dir)
    throw error
  }
}

/**
 * Takes BASE/.condamig/lock for a mutating command (CONTRACT §3). The lock appears with its full content at once
 * (written to a temp file, then link(2), which fails if the lock exists — the O_EXCL of a complete file).
 * Held by a live process, by a process on another host, or unreadable → RefusedError (exit 3) naming the holder.
 * Anything but a regular file at its path (a symbolic link, a directory, a pipe…) → RefusedError naming it.
 * Left by a dead process on this host (pid gone, a zombie, or the pid reused since) → taken over safely, once the
 * process groups it left running are stopped (or refused, naming them, when they cannot be).
 * A full disk or a read-only BASE → CannotWriteError (exit 3) naming the lock; no temp file stays behind.
 */
export const acquireLock = async (path: string, request: LockRequest): Promise<Lock> => {
  const pid = request.pid ?? process.pid
  const proc = processFacts(pid)
  const startTime = typeof proc === 'object' ? proc.startTime : undefined
  const since = isoSeconds((request.clock ?? systemClock).now())
  const token = randomBytes(8).toString('hex')
  const info: LockInfo = {pid, host: request.host, user: request.user, command: request.command, since, token}
  if (startTime !== undefined) info.startTime = startTime
  const mode = request.shared === undefined ? 0o644 : sharedModes(request.shared).file
  let temp: string
  try {
    makeLockDir(path, request.shared)
    temp = writeTemp(path, info, mode)
  } catch (error) {
    throw cannotWrite(path, error, 'no lock was taken') ?? error
  }

  try {
    const {tookOver, stopped} = await linkOrTakeOver(path, temp, request)
    return makeLock(path, info, mode, tookOver, stopped)
  } catch (error) {
    throw cannotWrite(path, error, 'no lock was taken') ?? error
  } finally {
    rmSync(temp, {force: true})
  }
}

type Taken = {tookOver?: LockInfo; stopped?: {pgid: number; command: string}[]}

const linkOrTakeOver = async (path: string, temp: string, request: LockRequest): Promise<Taken> => {
  let stopped: Taken['stopped']
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    // never a busy loop: every round after the first yields to the event loop (signals, timers) for a moment
    if (attempt > 0) await sleep(2 + Math.random() * Math.min(25, 2 * attempt))
    try {
      linkSync(temp, path)
      return {}
    } catch (error) {
      if (errno(error) !== 'EEXIST') throw error
    }

    const reading = readLockFile(path)
    if (reading.kind === 'none') continue // released in between: try again
    if (reading.kind === 'not-a-file') throw notALock(path, reading.what)
    if (reading.kind === 'bad-dir') throw notALockDir(dirname(path))
    const held = parseLockInfo(reading.raw)
    if (!held || holderVerdict(held, request.host) !== 'dead') throw refusal(path, reading.raw, request.host)
    if (held.groups && held.groups.length > 0) {
      stopped = await stopOrphans(path, held, request.killGraceMs ?? DEFAULT_KILL_GRACE_MS)
    }
    const outcome = takeOver(path, reading.raw, temp)
    if (outcome === 'won') return {tookOver: held, ...(stopped && stopped.length > 0 && {stopped})}
  }

  throw new RefusedError(
    'lock.contended',
    `${path} kept changing while condamig tried to take it (${MAX_ATTEMPTS} attempts): run again in a moment`,
  )
}

/**
 * A dead holder's children may still be building (it was SIGKILLed, they were not): they are stopped before anyone
 * works where they write. Any number of contenders may do this at once; stopping a stopped group changes nothing.
 */
const stopOrphans = async (path: string, held: LockInfo, graceMs: number) => {
  const outcome = await stopGroups(held.groups ?? [], {graceMs})
  if (outcome.left.length > 0) {
    const groups = outcome.left.join(', ')
    const kill = outcome.left.map((pgid) => `-${pgid}`).join(' ')
    throw new RefusedError(
      'lock.orphans',
      `${path} was left by pid ${held.pid} ('${held.command}'), whose process group(s) ${groups} still run and could not be stopped: stop them (kill -KILL ${kill}) and run again`,
    )
  }
  return outcome.stopped
}

const makeLock = (
  path: string,
  info: LockInfo,
  mode: number,
  tookOver: LockInfo | undefined,
  stopped: Taken['stopped'],
): Lock => {
  let released = false
  const ours = () => {
    const reading = readLockFile(path)
    return reading.kind === 'file' && parseLockInfo(reading.raw)?.token === info.token
  }
  return {
    path,
    info,
    ...(tookOver && {tookOver}),
    ...(stopped && {stopped}),
    recordGroups(pgids) {
      if (released) return true
      const groups = pgids.flatMap((pgid) => {
        const startTime = leaderStartTime(pgid)
        return startTime === undefined ? [] : [{pgid, startTime}]
      })
      const next: LockInfo = {...info, ...(groups.length > 0 && {groups})}
      if (groups.length === 0) delete next.groups
      // replaced by rename(2): a reader sees the old or the new record, never half. No fsync: after a crash of the
      // machine no group is left to stop.
      const temp = tempSibling(path)
      try {
        if (!ours()) return true // removed by hand and re-taken: not ours to rewrite
        const fd = openSync(temp, 'wx', mode)
        try {
          fchmodSync(fd, mode)
          writeAll(fd, lockText(next))
        } finally {
          closeSync(fd)
        }
        renameSync(temp, path)
        return true
      } catch {
        rmSync(temp, {force: true})
        return false
      }
    },
    release() {
      if (released) return
      released = true
      // only our own lock: a lock removed by hand and re-taken by someone else is theirs
      if (ours()) unlinkSync(path)
    },
  }
}
