import {
  closeSync,
  constants,
  fchmodSync,
  fsyncSync,
  lstatSync,
  openSync,
  readlinkSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs'
import {dirname} from 'node:path'

import {RefusedError} from '../errors.js'
import {tempSibling} from './atomic-write.js'
import {type Confinement, confines, fdPath, rootsText} from './base-confinement.js'
import {kindOf} from './safe-read.js'

export type FreshOptions = {
  /** What the file is, for the message: `log`, `requirements file`… */
  what: string
  /** The new file's mode, set on the descriptor (whatever the umask). */
  mode: number
  /** Where the new file must really be (BASE): checked on the open descriptor, so a swapped directory is caught. */
  within?: Confinement
  /** A regular file already there is replaced (rename over it); otherwise it is refused. */
  replace?: boolean
}

const CREATE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW | constants.O_NOCTTY

const code = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code

const linkTarget = (file: string): string => {
  try {
    return readlinkSync(file)
  } catch {
    return '?'
  }
}

/**
 * Refuses what must not be where condamig writes a file: a symlink (a co-admin could make root write anywhere), a
 * FIFO or device, and, unless replacing, any file at all. Nothing there is fine.
 */
export const refuseExisting = (file: string, options: Pick<FreshOptions, 'what' | 'replace'>): void => {
  let stats
  try {
    stats = lstatSync(file)
  } catch (error) {
    if (code(error) === 'ENOENT') return
    throw error
  }

  if (stats.isSymbolicLink()) {
    throw new RefusedError(
      'file.symlink',
      `${file} is a symlink (-> ${linkTarget(file)}) where condamig writes the ${options.what}: refused, nothing written through it`,
      {hint: `someone may have planted it; remove it and run again`},
    )
  }

  if (!stats.isFile()) {
    throw new RefusedError(
      'file.not-regular',
      `${file} is ${kindOf(stats)} where condamig writes the ${options.what}: refused`,
    )
  }

  if (!options.replace) {
    throw new RefusedError('file.exists', `${file} already exists where condamig creates the ${options.what}: refused`)
  }
}

/** Creates `path` (the file itself, or its temp sibling) as a new file and checks where it landed. */
const create = (path: string, file: string, options: FreshOptions): number => {
  let fd: number
  try {
    fd = openSync(path, CREATE, options.mode)
  } catch (error) {
    if (code(error) === 'EEXIST' || code(error) === 'ELOOP') refuseExisting(file, {...options, replace: false})
    throw error
  }

  try {
    fchmodSync(fd, options.mode)
    const where = options.within === undefined ? undefined : fdPath(fd)
    if (options.within !== undefined && where !== undefined && !confines(options.within, where)) {
      rmSync(where, {force: true})
      throw new RefusedError(
        'file.outside-base',
        `${file}: its directory led to ${dirname(where)}, outside ${rootsText(options.within)}: refused, nothing written there`,
      )
    }
  } catch (error) {
    closeSync(fd)
    throw error
  }

  return fd
}

const renameOver = (temp: string, file: string, fd?: number): void => {
  try {
    renameSync(temp, file)
  } catch (error) {
    if (fd !== undefined) closeSync(fd)
    rmSync(temp, {force: true})
    throw error
  }
}

/**
 * Opens a file condamig creates in BASE (a log) as a new file of its own: O_CREAT|O_EXCL|O_NOFOLLOW, so no planted
 * link or file is ever written through. With `replace`, the new file is made beside the old one and renamed over it
 * at once (a link there is refused first; a rename would replace a link, never write to its target). Returns the
 * descriptor for the caller to write and close.
 */
export const openFresh = (file: string, options: FreshOptions): number => {
  refuseExisting(file, options)
  if (!options.replace) return create(file, file, options)
  const temp = tempSibling(file)
  const fd = create(temp, file, options)
  renameOver(temp, file, fd)
  return fd
}

/** Writes a whole file the same way; with `replace`, readers see the old file or the whole new one, never half. */
export const writeFresh = (file: string, content: string, options: FreshOptions): void => {
  refuseExisting(file, options)
  const path = options.replace ? tempSibling(file) : file
  const fd = create(path, file, options)
  try {
    writeSync(fd, content)
    fsyncSync(fd)
  } catch (error) {
    closeSync(fd)
    rmSync(path, {force: true})
    throw error
  }

  closeSync(fd)
  if (path !== file) renameOver(path, file)
}
