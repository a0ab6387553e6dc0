import {randomBytes} from 'node:crypto'
import {closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'

import {applySharedMode, mkdirShared, sharedModes} from './shared-permissions.js'

/** Name of the temporary sibling a write goes through; recognisable so strays can be cleaned up. */
export const tempSibling = (file: string): string =>
  join(dirname(file), `.${basename(file)}.condamig-tmp-${process.pid}-${randomBytes(4).toString('hex')}`)

/** Makes a rename in `dir` durable; best effort where the filesystem refuses fsync on a directory. */
export const fsyncDir = (dir: string): void => {
  try {
    const fd = openSync(dir, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch {
    // some filesystems (NFS exports, tmpfs variants) refuse fsync on a directory; the rename is still atomic
  }
}

/**
 * Writes a file so that readers see either the old content or the whole new one, never half:
 * write a temporary sibling, fsync it, rename(2) it over the target, fsync the directory.
 * With `shared: BASE` the file and any directory created for it get the shared-base permissions
 * (system/shared-permissions.ts) whatever the umask; the mode is set before the rename, so no reader sees it narrower.
 */
export const writeFileAtomic = (
  file: string,
  content: string | Uint8Array,
  options: {mode?: number; shared?: string} = {},
): void => {
  const modes = options.shared === undefined ? undefined : sharedModes(options.shared)
  if (options.shared === undefined) mkdirSync(dirname(file), {recursive: true})
  else mkdirShared(dirname(file), options.shared, modes)
  const temp = tempSibling(file)
  const fd = openSync(temp, 'wx', options.mode ?? 0o664)
  try {
    writeSync(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content)
    fsyncSync(fd)
    if (modes) applySharedMode(temp, modes)
  } catch (error) {
    closeSync(fd)
    rmSync(temp, {force: true})
    throw error
  }

  closeSync(fd)
  try {
    renameSync(temp, file)
  } catch (error) {
    rmSync(temp, {force: true})
    throw error
  }

  fsyncDir(dirname(file))
}
