import {randomBytes} from 'node:crypto'
import {closeSync, fstatSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync} from 'node:fs'
import {basename, dirname, join} from 'node:path'

import {CannotWriteError} from '../errors.js'
import {applySharedMode, mkdirShared, sharedModes} from './shared-permissions.js'

/** Name of the temporary sibling a write goes through; recognisable so strays can be cleaned up. */
export const tempSibling = (file: string): string =>
  join(dirname(file), `.${basename(file)}.condamig-tmp-${process.pid}-${randomBytes(4).toString('hex')}`)

/** What tempSibling makes: `.NAME.condamig-tmp-PID-HEX`; group 1 is the pid of the process that wrote it. */
export const TEMP_SIBLING = /^\..+\.condamig-tmp-(\d+)-[0-9a-f]{8}$/

/** The file a temp sibling stands for (`.NAME.condamig-tmp-PID-HEX` → NAME, nested too); any other path as it is. */
export const standsFor = (file: string): string => {
  let name = basename(file)
  for (let match = TEMP_SIBLING.exec(name); match; match = TEMP_SIBLING.exec(name))
    name = name.slice(1, name.lastIndexOf('.condamig-tmp-'))
  return join(dirname(file), name)
}

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

const errno = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code

/** What each refusal of the environment means, and what a human does about it. */
const WRITE_REFUSALS: Record<string, {code: string; what: string; todo: string}> = {
  ENOSPC: {code: 'write.no-space', what: 'no space left on its filesystem', todo: 'free some space there'},
  EDQUOT: {code: 'write.quota', what: 'disk quota exceeded', todo: 'free some space or raise the quota'},
  EFBIG: {
    code: 'write.too-large',
    what: 'file too large for its filesystem',
    todo: 'free some space or raise the limit',
  },
  EROFS: {code: 'write.read-only', what: 'its filesystem is read-only', todo: 'remount it read-write'},
  EACCES: {code: 'write.denied', what: 'permission denied', todo: 'run as a user who may write there'},
  EPERM: {code: 'write.denied', what: 'operation not permitted', todo: 'run as a user who may write there'},
}

/**
 * The typed error for a write the environment refused (full disk, quota, read-only, permissions), naming `path`,
 * what happened and what to do, in one line; undefined for any other error (a bug, reported as such).
 */
export const cannotWrite = (
  path: string,
  error: unknown,
  untouched = 'nothing was replaced',
): CannotWriteError | undefined => {
  if (error instanceof CannotWriteError) return error
  const code = errno(error)
  const refusal = code === undefined ? undefined : WRITE_REFUSALS[code]
  if (!refusal) return undefined
  return new CannotWriteError(
    refusal.code,
    path,
    `cannot write ${path}: ${refusal.what} (${code}); ${untouched} — ${refusal.todo} and run again`,
    {cause: error},
  )
}

/** write(2) until every byte is written: a short write (a filesystem about to fill) must not pass for a whole one. */
export const writeAll = (fd: number, bytes: Uint8Array): void => {
  for (let offset = 0; offset < bytes.length;) {
    const written = writeSync(fd, bytes, offset, bytes.length - offset)
    if (written <= 0) throw Object.assign(new Error(`write returned ${written}`), {code: 'ENOSPC'})
    offset += written
  }
}

/**
 * Writes the whole of `bytes` to a new file `temp` (O_EXCL) and makes it durable: every byte written, fsync'd, its
 * size checked, its mode set, closed (NFS reports late write errors there). On any failure `temp` is removed.
 */
export const writeTempFile = (temp: string, bytes: Uint8Array, mode: number, after?: (fd: number) => void): void => {
  let fd: number | undefined = openSync(temp, 'wx', mode)
  try {
    writeAll(fd, bytes)
    fsyncSync(fd)
    const size = fstatSync(fd).size
    if (size !== bytes.length)
      throw Object.assign(new Error(`${temp} holds ${size} of ${bytes.length} bytes`), {code: 'ENOSPC'})
    after?.(fd)
    const open = fd
    fd = undefined
    closeSync(open)
  } catch (error) {
    if (fd !== undefined) closeSync(fd)
    rmSync(temp, {force: true})
    throw error
  }
}

/**
 * Writes a file so that readers see either the old content or the whole new one, never half:
 * write a temporary sibling (every byte, checked), fsync it, rename(2) it over the target, fsync the directory.
 * A write the environment refuses (ENOSPC, EDQUOT, EROFS, EACCES…) is a CannotWriteError (exit 3) naming `file`;
 * either way the old file is untouched and no temporary file stays behind.
 * With `shared: BASE` the file and any directory created for it get the shared-base permissions
 * (system/shared-permissions.ts) whatever the umask; the mode is set before the rename, so no reader sees it narrower.
 */
export const writeFileAtomic = (
  file: string,
  content: string | Uint8Array,
  options: {mode?: number; shared?: string} = {},
): void => {
  try {
    const modes = options.shared === undefined ? undefined : sharedModes(options.shared)
    if (options.shared === undefined) mkdirSync(dirname(file), {recursive: true})
    else mkdirShared(dirname(file), options.shared, modes)
    const temp = tempSibling(file)
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content
    writeTempFile(temp, bytes, options.mode ?? 0o664, modes && (() => applySharedMode(temp, modes)))
    try {
      renameSync(temp, file)
    } catch (error) {
      rmSync(temp, {force: true})
      throw error
    }
  } catch (error) {
    // a file staged under a temp name first (csv-report) is named as the file it stands for
    throw cannotWrite(standsFor(file), error, 'the file is unchanged') ?? error
  }

  fsyncDir(dirname(file))
}
