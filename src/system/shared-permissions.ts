import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readlinkSync,
  realpathSync,
  statSync,
  type Stats,
} from 'node:fs'
import {dirname, join, relative, resolve, sep} from 'node:path'

import {RefusedError} from '../errors.js'
import {isWithin} from './base-confinement.js'
import {isCondaRoot} from './fs-facts.js'

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

const code = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code

/** The mode `stats` should have: the shared bits added; an executable stays executable for everyone who reads it. */
const wantedMode = (stats: Stats, modes: SharedModes): number => {
  const current = stats.mode & 0o7777
  let wanted = current | (stats.isDirectory() ? modes.dir : modes.file)
  if (!stats.isDirectory() && (current & 0o100) !== 0) wanted |= 0o011
  return wanted
}

/** applySharedMode on an open descriptor (a file condamig just created): nothing can swap it for a link. */
export const applySharedModeFd = (fd: number, modes: SharedModes): boolean => {
  const stats = fstatSync(fd)
  if (!stats.isFile() && !stats.isDirectory()) return false
  const wanted = wantedMode(stats, modes)
  if (wanted === (stats.mode & 0o7777)) return false
  try {
    fchmodSync(fd, wanted)
    return true
  } catch (error) {
    if (code(error) === 'EPERM') return false
    throw error
  }
}

/**
 * Adds the shared bits to one file or directory (never removes any; symlinks have no modes of their own). An
 * executable file stays executable for everyone who can read it. Returns whether the mode changed; a file someone
 * else owns cannot be changed (EPERM) and is left as it is rather than failing the run. The mode is set through a
 * descriptor opened with O_NOFOLLOW: a path swapped for a symlink after a check never makes root chmod its target.
 */
export const applySharedMode = (path: string, modes: SharedModes): boolean => {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY)
  } catch (error) {
    if (code(error) === 'ELOOP') return false // a symlink
    if (code(error) === 'EACCES' || code(error) === 'EPERM') return false // not ours to change
    throw error
  }

  try {
    return applySharedModeFd(fd, modes)
  } finally {
    closeSync(fd)
  }
}

const linkText = (path: string): string => {
  try {
    return readlinkSync(path)
  } catch {
    return '?'
  }
}

const refuse = (path: string, why: string, hint?: string): RefusedError =>
  new RefusedError('base.not-a-real-dir', `${path} ${why}: condamig does not write there`, hint ? {hint} : {})

/**
 * Whether `dir` lies in a conda root of BASE (`qa/envs/x`, `v26/pkgs`): conda's own tree, where condamig cannot be
 * stricter than conda itself. Everything else condamig writes in BASE (env_specs, reports, logs, .condamig, kernels)
 * is confined.
 */
const inCondaRoot = (base: string, dir: string): boolean => {
  const first = relative(base, dir).split(sep)[0] ?? ''
  return first === 'current' || first === 'qa' || (first !== '' && isCondaRoot(join(base, first)))
}

/** The error mkdir itself gives for a path through something that is not a directory (callers map it already). */
const notADirectory = (path: string) =>
  Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${path}'`), {code: 'ENOTDIR', path})

/**
 * Checks one existing component of a path condamig writes under: a real directory, or a symlink that stays inside
 * BASE (`logs -> disk2/logs` within BASE is fine; a link out of BASE is what a co-admin plants to make root write
 * elsewhere: RefusedError). A dangling link or a file on the way fails as mkdir would (ENOENT, ENOTDIR).
 */
const checkComponent = (path: string, stats: Stats, realBase: string, base: string): void => {
  if (stats.isSymbolicLink()) {
    const real = realpathSync(path) // a dangling link or a loop: ENOENT / ELOOP, as mkdir -p would say
    if (!isWithin(real, realBase)) {
      throw refuse(
        path,
        `is a symlink to ${real}, outside ${base}`,
        'someone may have planted it; remove it (or make it a real directory) and run again',
      )
    }

    if (!statSync(path).isDirectory()) throw notADirectory(path)
    return
  }

  if (!stats.isDirectory()) throw notADirectory(path)
}

const uid = (): number | undefined => process.geteuid?.()

/**
 * `mkdir -p` for BASE: every directory this call creates gets the shared modes of `base`; directories that already
 * existed are not touched (they may belong to someone else). Under BASE (outside its conda roots) every directory on
 * the way must be a real directory or a symlink that stays inside BASE, else RefusedError (exit 3) naming it; one
 * this call creates is checked to be its own. With `fresh` (a run's own log folder, named after a predictable
 * second), `dir` itself, when it already exists, must be a real directory owned by this user or root: one a co-admin
 * made in advance (with links planted in it) is refused. A place outside BASE (a configured specs_dir) is the
 * admin's: plain `mkdir -p`.
 */
export const mkdirShared = (
  dir: string,
  base: string,
  modes: SharedModes = sharedModes(base),
  options: {fresh?: boolean} = {},
): void => {
  const target = resolve(dir)
  const root = resolve(base)
  if (!isWithin(target, root) || target === root || inCondaRoot(root, target)) {
    mkdirPlain(target, modes)
    return
  }

  const realBase = realpathSync(root)
  let path = root
  for (const part of relative(root, target).split(sep)) {
    path = join(path, part)
    let stats: Stats | undefined
    try {
      stats = lstatSync(path)
    } catch (error) {
      if (code(error) !== 'ENOENT') throw error
    }

    if (stats === undefined) {
      const created = createOne(path, modes)
      if (created) {
        const own = lstatSync(path)
        if (!own.isDirectory() || (uid() !== undefined && own.uid !== uid()))
          throw refuse(path, 'changed under condamig as it was created')
        continue
      }

      stats = lstatSync(path) // someone else made it in between: check it like any existing one
    }

    checkComponent(path, stats, realBase, root)
    if (options.fresh && path === target) checkOwn(path, stats)
  }

  if (!isWithin(realpathSync(target), realBase)) throw refuse(target, `leads out of ${root}`)
}

/** A run's own folder that already exists: a real directory of this user's (a rerun within the second) or root's. */
const checkOwn = (path: string, stats: Stats): void => {
  if (stats.isSymbolicLink()) throw refuse(path, `is a symlink (-> ${linkText(path)}) where this run's own folder goes`)
  const me = uid()
  if (me !== undefined && stats.uid !== me && stats.uid !== 0) {
    throw refuse(
      path,
      `already exists and is not this run's (owned by uid ${stats.uid})`,
      'someone made it in advance; remove it and run again',
    )
  }
}

/** mkdir of one directory; false when it existed already. The shared mode is set through a descriptor. */
const createOne = (path: string, modes: SharedModes): boolean => {
  try {
    mkdirSync(path)
  } catch (error) {
    if (code(error) === 'EEXIST') return false
    throw error
  }

  applySharedMode(path, modes)
  return true
}

const mkdirPlain = (target: string, modes: SharedModes): void => {
  const first = mkdirSync(target, {recursive: true})
  if (first === undefined) return
  const created: string[] = []
  for (let path = target; ; path = dirname(path)) {
    created.unshift(path)
    if (path === resolve(first) || dirname(path) === path) break
  }

  for (const path of created) applySharedMode(path, modes)
}
