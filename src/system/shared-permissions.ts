import {chmodSync, lstatSync, mkdirSync, statSync} from 'node:fs'
import {dirname, resolve} from 'node:path'

/** The minimum permission bits for what condamig creates in a shared BASE. */
export type SharedModes = {file: number; dir: number; setgid: boolean}

/**
 * Every user reads what condamig writes in BASE (specs, reports, logs, journal), whatever the admin's umask:
 * at least 0644 for files and 0755 for directories. A setgid BASE is the usual sign of a group-managed install,
 * so there files are also group-writable (0664) and directories 0775 with setgid kept, letting co-admins carry on.
 */
export const sharedModes = (base: string): SharedModes => {
  const setgid = (statSync(base).mode & 0o2000) !== 0
  return setgid ? {file: 0o664, dir: 0o2775, setgid} : {file: 0o644, dir: 0o755, setgid}
}

/**
 * Adds the shared bits to one file or directory (never removes any; symlinks have no modes of their own). An
 * executable file stays executable for everyone who can read it. Returns whether the mode changed; a file someone
 * else owns cannot be changed (EPERM) and is left as it is rather than failing the run.
 */
export const applySharedMode = (path: string, modes: SharedModes): boolean => {
  const stats = lstatSync(path)
  if (stats.isSymbolicLink()) return false
  const current = stats.mode & 0o7777
  let wanted = current | (stats.isDirectory() ? modes.dir : modes.file)
  if (!stats.isDirectory() && (current & 0o100) !== 0) wanted |= 0o011
  if (wanted === current) return false
  try {
    chmodSync(path, wanted)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EPERM') return false
    throw error
  }
}

/**
 * `mkdir -p` for BASE: every directory this call creates gets the shared modes of `base`; directories that already
 * existed are not touched (they may belong to someone else).
 */
export const mkdirShared = (dir: string, base: string, modes: SharedModes = sharedModes(base)): void => {
  const target = resolve(dir)
  const first = mkdirSync(target, {recursive: true})
  if (first === undefined) return
  const created: string[] = []
  for (let path = target; ; path = dirname(path)) {
    created.unshift(path)
    if (path === resolve(first) || dirname(path) === path) break
  }
  for (const path of created) applySharedMode(path, modes)
}
