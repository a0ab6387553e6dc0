import {closeSync, constants, fchmodSync, fchownSync, fstatSync, fsyncSync, openSync, rmSync, writeSync} from 'node:fs'

import type {SafeRead} from './safe-read.js'

const CREATE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW | constants.O_NOCTTY

/**
 * The mode an archive may have: the original's permission bits at most. When the archive cannot have the
 * original's group (condamig is not root), the group gets no more than everyone else had, so nobody reads the copy
 * who could not read the original.
 */
const archiveMode = (original: number, sameGroup: boolean): number => {
  const mode = original & 0o777
  return sameGroup ? mode : (mode & ~0o070) | ((mode & 0o007) << 3)
}

/**
 * Writes `original`'s text to `file` as a new file (O_CREAT|O_EXCL|O_NOFOLLOW: nothing planted is written through),
 * no more readable than the original: as root with its owner and group, and never a mode wider than its own
 * (a 0600 spec is not archived 0664). False when `file` already exists (the caller takes another name).
 */
export const archiveCopy = (file: string, original: SafeRead): boolean => {
  let fd: number
  try {
    fd = openSync(file, CREATE, 0o600)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }

  try {
    writeSync(fd, original.text)
    if (process.geteuid?.() === 0) {
      try {
        fchownSync(fd, original.stats.uid, original.stats.gid)
      } catch {
        // a filesystem that refuses chown (root-squashed NFS): the mode below still holds
      }
    }

    fchmodSync(fd, archiveMode(original.stats.mode, fstatSync(fd).gid === original.stats.gid))
    fsyncSync(fd)
  } catch (error) {
    closeSync(fd)
    rmSync(file, {force: true})
    throw error
  }

  closeSync(fd)
  return true
}
