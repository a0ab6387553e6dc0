import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readlinkSync,
  readSync,
  realpathSync,
  statSync,
  type Stats,
} from 'node:fs'
import {basename, dirname, join} from 'node:path'

import {BadInputError, RefusedError} from '../errors.js'
import {type Confinement, confines, fdPath, rootsText} from './base-confinement.js'

/** What a file condamig expects may hold, unless the reader says otherwise: no spec, ini or kernel comes near it. */
export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024

export type SafeReadOptions = {
  /** What the file is, for the message: `inventory`, `spec`, `kernel spec`… */
  what: string
  /**
   * Where the file must really lie (BASE, a configured place). With it, a symlink is followed only when it resolves
   * in there, and a path that leads out through a symlinked directory is refused. Without it, a symlink in the last
   * component is refused outright (a file condamig appends to, a root's .condarc).
   */
  within?: Confinement
  maxBytes?: number
}

/** A regular file read whole, with what fstat said about it (its mode, for an archive that must not be wider). */
export type SafeRead = {text: string; stats: Stats}

const code = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code

/** `a FIFO`, `a directory`, … for the one line that refuses it. */
export const kindOf = (stats: Stats): string =>
  stats.isDirectory()
    ? 'a directory'
    : stats.isFIFO()
      ? 'a FIFO'
      : stats.isCharacterDevice()
        ? 'a character device'
        : stats.isBlockDevice()
          ? 'a block device'
          : stats.isSocket()
            ? 'a socket'
            : stats.isSymbolicLink()
              ? 'a symlink'
              : 'not a regular file'

const linkText = (file: string): string => {
  try {
    return readlinkSync(file)
  } catch {
    return '?'
  }
}

const notRegular = (file: string, stats: Stats, what: string) =>
  new BadInputError(
    'file.not-regular',
    `${file} is ${kindOf(stats)}, not a regular file: condamig reads the ${what} only from a regular file`,
  )

const tooLarge = (file: string, size: number, max: number, what: string) =>
  new BadInputError('file.too-large', `${file} holds ${size} bytes, more than a ${what} may (${max}): not read`)

const outside = (file: string, real: string, within: Confinement, what: string) =>
  new RefusedError(
    'file.outside-base',
    `${file} leads to ${real}, outside ${rootsText(within)}: condamig does not read the ${what} there`,
    {hint: `someone may have planted a link; look at ${file} and what leads to it`},
  )

const refusedLink = (file: string, what: string) =>
  new RefusedError(
    'file.symlink',
    `${file} is a symlink (-> ${linkText(file)}): condamig does not read the ${what} through a link`,
    {hint: `someone may have planted it; replace it by the file itself`},
  )

const unreadable = (file: string, what: string, error: unknown) =>
  new BadInputError('file.unreadable', `${file}: cannot read the ${what}: ${(error as Error).message}`)

/** The file a read will open: `file` itself, or what its last symlink resolves to (checked). Undefined: nothing there. */
const locate = (file: string, options: SafeReadOptions): {path: string; stats: Stats} | undefined => {
  let link: Stats
  try {
    link = lstatSync(file)
  } catch (error) {
    if (code(error) === 'ENOENT' || code(error) === 'ENOTDIR') return undefined
    throw unreadable(file, options.what, error)
  }

  const {within, what} = options
  let path = file
  let stats = link
  if (link.isSymbolicLink()) {
    if (within === undefined) throw refusedLink(file, what)
    try {
      path = realpathSync(file)
      stats = statSync(path)
    } catch {
      throw new RefusedError(
        'file.dangling-link',
        `${file} is a dangling symlink (-> ${linkText(file)}) where the ${what} should be: not followed`,
      )
    }
  }

  if (within !== undefined) {
    let real: string
    try {
      real = link.isSymbolicLink() ? path : join(realpathSync(dirname(file)), basename(file))
    } catch (error) {
      throw unreadable(file, what, error)
    }

    if (!confines(within, real)) throw outside(file, real, within, what)
  }

  if (!stats.isFile()) throw notRegular(file, stats, what)
  return {path, stats}
}

/**
 * Checks, without opening it, that `file` is something condamig may read (see readBaseFile): true when it is,
 * false when nothing is there, a typed error otherwise. For up-front checks of a whole base.
 */
export const checkBaseFile = (file: string, options: SafeReadOptions): boolean => {
  const found = locate(file, options)
  if (found === undefined) return false
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES
  if (found.stats.size > max) throw tooLarge(file, found.stats.size, max, options.what)
  return true
}

const readAll = (fd: number, file: string, max: number, what: string): Buffer => {
  const chunks: Buffer[] = []
  let total = 0
  for (;;) {
    const chunk = Buffer.alloc(Math.min(64 * 1024, max + 1 - total))
    const n = readSync(fd, chunk, 0, chunk.length, null)
    if (n === 0) break
    chunks.push(chunk.subarray(0, n))
    total += n
    if (total > max) throw tooLarge(file, total, max, what) // it grew after fstat
  }

  return Buffer.concat(chunks)
}

/**
 * Reads a file condamig expects in a shared BASE (ini, spec, override, meta.json, noarch list, kernel.json, a report,
 * the journal, a .condarc) only when it is a regular file of sane size: opened with O_NOFOLLOW|O_NONBLOCK (a FIFO or
 * a device never blocks the run), checked with fstat, then read from that descriptor. Undefined when nothing is
 * there. Anything else is one line naming the file: BadInputError (exit 2) for what is not a regular file or is too
 * large, RefusedError (exit 3) for a link, or a path leading out of `within`.
 */
export const readBaseFileStats = (file: string, options: SafeReadOptions): SafeRead | undefined => {
  const found = locate(file, options)
  if (found === undefined) return undefined
  const {what, within} = options
  const max = options.maxBytes ?? DEFAULT_MAX_BYTES
  if (found.stats.size > max) throw tooLarge(file, found.stats.size, max, what)
  let fd: number
  try {
    fd = openSync(found.path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY)
  } catch (error) {
    if (code(error) === 'ELOOP') throw refusedLink(file, what) // it became a link since it was looked at
    if (code(error) === 'ENOENT') return undefined
    throw unreadable(file, what, error)
  }

  try {
    const stats = fstatSync(fd)
    if (!stats.isFile()) throw notRegular(file, stats, what)
    if (stats.size > max) throw tooLarge(file, stats.size, max, what)
    const where = within === undefined ? undefined : fdPath(fd)
    if (within !== undefined && where !== undefined && !confines(within, where))
      throw outside(file, where, within, what)
    return {text: readAll(fd, file, max, what).toString('utf8'), stats}
  } finally {
    closeSync(fd)
  }
}

/** readBaseFileStats, text only. */
export const readBaseFile = (file: string, options: SafeReadOptions): string | undefined =>
  readBaseFileStats(file, options)?.text
