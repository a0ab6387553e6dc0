import {posix} from 'node:path'

/** Where a kernel's argv[0] points, relative to BASE. */
export type KernelTarget =
  /** `BASE/envs/X/…` or `BASE/current/envs/X/…`: follows `current`, survives a cutover. */
  | {kind: 'env'; env: string; via: 'envs-link' | 'current'; pinned: false}
  /** `BASE/v4.3/envs/X/…`: a versioned root; keeps running the old root after cutover. */
  | {kind: 'env'; env: string; via: 'root'; root: string; pinned: true}
  /** The base env of a root (`BASE/current/bin/python`, `BASE/v4.3/bin/python`). */
  | {kind: 'root-base'; root: string; pinned: boolean}
  /** Outside BASE, or not a path condamig understands. */
  | {kind: 'external'}

/**
 * Classifies a kernel's interpreter path. `bases` are the spellings of BASE (as configured and
 * resolved: a base mounted through a symlink shows up under both).
 */
export const kernelTarget = (argv0: string, bases: readonly string[]): KernelTarget => {
  if (!posix.isAbsolute(argv0)) return {kind: 'external'}
  const path = posix.normalize(argv0)
  for (const base of bases) {
    const prefix = base.endsWith('/') ? base : `${base}/`
    if (!path.startsWith(prefix)) continue
    const parts = path.slice(prefix.length).split('/')
    const [first, second, third, fourth] = parts
    if (first === 'envs' && second) return {kind: 'env', env: second, via: 'envs-link', pinned: false}
    if (!first) return {kind: 'external'}
    if (second === 'envs' && third && fourth) {
      return first === 'current'
        ? {kind: 'env', env: third, via: 'current', pinned: false}
        : {kind: 'env', env: third, via: 'root', root: first, pinned: true}
    }

    if (second === 'bin') return {kind: 'root-base', root: first, pinned: first !== 'current'}
  }

  return {kind: 'external'}
}

/** The stable spelling of a pinned kernel's interpreter: through `BASE/envs`, which follows `current`. */
export const stableKernelPath = (argv0: string, bases: readonly string[], base: string): string | undefined => {
  const target = kernelTarget(argv0, bases)
  if (target.kind !== 'env' || !target.pinned) return undefined
  const normalized = posix.normalize(argv0)
  const marker = `/${target.root}/envs/${target.env}/`
  const rest = normalized.slice(normalized.indexOf(marker) + marker.length)
  return posix.join(base, 'envs', target.env, rest)
}
