import {randomBytes} from 'node:crypto'
import {
  lstatSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
} from 'node:fs'
import {basename, dirname, isAbsolute, join} from 'node:path'

import type {LinkReading} from '../domain/flip.js'
import {BadInputError, RefusedError} from '../errors.js'
import {fsyncDir} from './atomic-write.js'

export type {LinkReading} from '../domain/flip.js'

const TEMP_MARK = '.condamig-flip-'
const TEMP_NAME = /^\..+\.condamig-flip-\d+-[0-9a-f]+$/

/** The temporary link a flip goes through: `.<link>.condamig-flip-<pid>-<rand>`, beside the link. */
export const flipTempName = (linkPath: string): string =>
  join(dirname(linkPath), `.${basename(linkPath)}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`)

const lstatOrUndefined = (path: string) => {
  try {
    return lstatSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/** What is at `path`: a symlink (its target, whether it resolves and to what), nothing, or something else. */
export const readLink = (path: string): LinkReading => {
  const stats = lstatOrUndefined(path)
  if (!stats) return {kind: 'missing'}
  if (!stats.isSymbolicLink()) return {kind: 'not-a-link'}
  const target = readlinkSync(path)
  let resolved: string | undefined
  try {
    statSync(path)
    resolved = realpathSync(path)
  } catch {
    // dangling: the target is gone
  }
  return {
    kind: 'link',
    target,
    relative: !isAbsolute(target),
    resolves: resolved !== undefined,
    ...(resolved && {resolved}),
  }
}

/**
 * Points `linkPath` at `target` atomically: symlink(target, temp) then rename(temp, linkPath), so at no instant
 * does the link fail to resolve (`ln -sfn` unlinks first and does not qualify, CONTRACT §3). The directory is
 * fsync'd so the flip survives a power cut. Relative targets only, so BASE can be mounted anywhere.
 * `afterTemp` runs between the two system calls (crash tests stop the process there).
 */
export const flipLink = (linkPath: string, target: string, hooks: {afterTemp?: () => void} = {}): void => {
  if (isAbsolute(target))
    throw new BadInputError('flip.absolute-target', `refusing to point ${linkPath} at the absolute path ${target}`, {
      hint: 'links in BASE use targets relative to BASE, e.g. current -> v4.8',
    })
  if (lstatOrUndefined(linkPath)?.isSymbolicLink() === false)
    throw new RefusedError(
      'flip.not-a-link',
      `${linkPath} is a real file or directory, not a symlink; not replacing it`,
      {
        hint: `move ${linkPath} aside by hand if it should become a link`,
      },
    )
  const temp = flipTempName(linkPath)
  symlinkSync(target, temp)
  try {
    hooks.afterTemp?.()
    renameSync(temp, linkPath)
  } catch (error) {
    rmSync(temp, {force: true})
    throw error
  }
  fsyncDir(dirname(linkPath))
}

/** Removes a symlink; a missing one is fine (false). Never removes a directory or file: that is refused. */
export const removeLink = (path: string): boolean => {
  const stats = lstatOrUndefined(path)
  if (!stats) return false
  if (!stats.isSymbolicLink())
    throw new RefusedError('flip.not-a-link', `${path} is a real file or directory, not a symlink; not removing it`)
  unlinkSync(path)
  fsyncDir(dirname(path))
  return true
}

/** Temporary links in `dir` that a flip interrupted between symlink and rename left behind (names only). */
export const findStrayFlipTemps = (dir: string): string[] => {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  return names.filter((name) => TEMP_NAME.test(name) && lstatOrUndefined(join(dir, name))?.isSymbolicLink()).sort()
}
