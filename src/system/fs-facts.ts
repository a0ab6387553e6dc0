import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs'
import {lstat, readdir, stat} from 'node:fs/promises'
import {join} from 'node:path'

/**
 * Bytes used by the files under `path` (apparent sizes of regular files and symlinks). Symlinks are not followed,
 * and a file with several hard links is counted once: conda envs hard-link their files into the root's pkgs/.
 * Unreadable entries are skipped (a shared base holds other users' files). A missing path is 0 bytes.
 */
export const dirSize = async (path: string): Promise<number> => {
  const seen = new Set<string>()
  const sizeOf = async (file: string): Promise<number> => {
    const stats = await lstat(file).catch(() => undefined)
    if (!stats || stats.isDirectory()) return 0
    if (stats.nlink > 1) {
      const key = `${stats.dev}:${stats.ino}`
      if (seen.has(key)) return 0
      seen.add(key)
    }
    return stats.size
  }
  const walk = async (dir: string): Promise<number> => {
    const entries = await readdir(dir, {withFileTypes: true}).catch(() => [])
    // lstat one directory's entries together (the libuv pool bounds the real parallelism), then descend
    const sizes = await Promise.all(entries.filter((e) => !e.isDirectory()).map((e) => sizeOf(join(dir, e.name))))
    let total = sizes.reduce((sum, size) => sum + size, 0)
    for (const entry of entries) if (entry.isDirectory()) total += await walk(join(dir, entry.name))
    return total
  }
  const top = await lstat(path).catch(() => undefined)
  if (!top) return 0
  return top.isDirectory() ? walk(path) : sizeOf(path)
}

/** uid → user name, from a passwd-format file. Users that only exist in LDAP/SSSD are not in it. */
export const readUserNames = (passwdFile = '/etc/passwd'): Map<number, string> => {
  const names = new Map<number, string>()
  let text: string
  try {
    text = readFileSync(passwdFile, 'utf8')
  } catch {
    return names
  }
  for (const line of text.split('\n')) {
    const [name, , uid] = line.split(':')
    if (name && uid && /^\d+$/.test(uid) && !names.has(Number(uid))) names.set(Number(uid), name)
  }
  return names
}

/** The name of the user owning `path`, or its uid as text when the uid has no name. Read `users` once per batch. */
export const ownerName = async (path: string, users: Map<number, string> = readUserNames()): Promise<string> => {
  const {uid} = await stat(path)
  return users.get(uid) ?? String(uid)
}

/**
 * When an env last changed: the newest mtime of the directory, its conda-meta/ and conda-meta/history
 * (conda appends to history on every install/remove/update). Undefined when `path` does not exist.
 */
export const lastChange = async (path: string): Promise<Date | undefined> => {
  const candidates = [path, join(path, 'conda-meta'), join(path, 'conda-meta', 'history')]
  const times = await Promise.all(
    candidates.map((p) =>
      stat(p).then(
        (s) => s.mtimeMs,
        () => undefined,
      ),
    ),
  )
  const known = times.filter((t): t is number => t !== undefined)
  return known.length === 0 ? undefined : new Date(known.reduce((newest, t) => Math.max(newest, t)))
}

const isDirectory = (path: string) => {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

/** A conda root: it has `bin/conda` and `conda-meta/`. */
export const isCondaRoot = (dir: string): boolean => existsSync(join(dir, 'bin', 'conda')) && isCondaEnv(dir)

/** A conda environment (or root): it has `conda-meta/` (CONTRACT §1: how envs of a root are found). */
export const isCondaEnv = (dir: string): boolean => isDirectory(join(dir, 'conda-meta'))

/** True only for an existing directory with no entries; false for a missing path, a file or a non-empty directory. */
export const isEmptyDir = (dir: string): boolean => isDirectory(dir) && readdirSync(dir).length === 0

/** What /proc says about a live pid: its state letter, starttime (clock ticks after boot) and start instant. */
export type ProcessFacts = {state: string; startTime: number; startedAt?: Date}

/** USER_HZ: /proc times are in these ticks; 100 on every Linux architecture condamig targets. */
const TICKS_PER_SECOND = 100

const bootTime = (): number | undefined => {
  try {
    const match = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))
    return match ? Number(match[1]) : undefined
  } catch {
    return undefined
  }
}

/**
 * Whether `pid` exists ('gone' when not), and what /proc/PID/stat says about it (undefined when there is no /proc).
 * A pid owned by another user exists too (the signal-0 probe then fails with EPERM).
 */
export const processFacts = (pid: number): ProcessFacts | 'gone' | undefined => {
  try {
    process.kill(pid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return 'gone'
  }
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  // the command name (field 2) may contain spaces and parentheses: fields start after the LAST ')'
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
  const startTime = Number(fields[19])
  if (!fields[0] || !Number.isFinite(startTime)) return undefined
  const boot = bootTime()
  const startedAt = boot === undefined ? undefined : new Date((boot + startTime / TICKS_PER_SECOND) * 1000)
  return {state: fields[0], startTime, ...(startedAt && {startedAt})}
}
