import {readlinkSync, realpathSync} from 'node:fs'
import {isAbsolute, relative, resolve} from 'node:path'

/**
 * Where a file condamig reads or writes for a shared BASE may really lie: BASE itself (resolved: a base mounted
 * through a symlink is fine), and each place a setting names outside BASE (`specs_dir = /data/specs`), resolved as
 * the admin named it. A symlink a co-admin planted inside BASE cannot widen it.
 */
export type Confinement = {base: string; roots: readonly string[]}

/** Whether `path` is `dir` or lies below it, by name. */
export const isWithin = (path: string, dir: string): boolean => {
  const rel = relative(dir, path)
  return rel === '' || (rel !== '..' && !rel.startsWith('../') && !isAbsolute(rel))
}

const realOrResolved = (path: string): string => {
  try {
    return realpathSync(path)
  } catch {
    return resolve(path)
  }
}

/** BASE, plus the places settings name that lie outside it (a setting naming a place inside BASE adds nothing). */
export const confineTo = (base: string, places: readonly (string | undefined)[] = []): Confinement => {
  const named = resolve(base)
  const roots = [realOrResolved(named)]
  for (const place of places) {
    if (place !== undefined && !isWithin(resolve(place), named)) roots.push(realOrResolved(place))
  }

  return {base: named, roots}
}

/** Whether a resolved path lies in one of the confinement's roots. */
export const confines = (confinement: Confinement, real: string): boolean =>
  confinement.roots.some((root) => isWithin(real, root))

/** The roots, for a message: `/pkg/conda` or `/pkg/conda or /data/specs`. */
export const rootsText = (confinement: Confinement): string => confinement.roots.join(' or ')

/**
 * Where an open file really is (Linux's /proc/self/fd), so a check made by name cannot be raced by a directory
 * swapped for a symlink in between; undefined where the system cannot tell.
 */
export const fdPath = (fd: number): string | undefined => {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`)
  } catch {
    return undefined
  }
}
