import {realpathSync} from 'node:fs'
import {join} from 'node:path'

import type {AppContext} from '../../context.js'
import {rootPaths} from '../../domain/base-layout.js'
import {BadInputError, RefusedError} from '../../errors.js'
import {readLink} from '../../system/flip-link.js'
import {isCondaRoot} from '../../system/fs-facts.js'

/** A conda root reached through a BASE link: `current -> v4.3` gives name `v4.3`. */
export type LinkedRoot = {
  link: 'current' | 'qa'
  /** The link's target as written (relative, e.g. `v4.3`). */
  name: string
  /** BASE/<name>: the path condamig uses (never through the link, so a flip mid-run changes nothing). */
  dir: string
  /** The resolved path, as conda itself reports its root (transcripts README point 12). */
  realDir: string
  paths: ReturnType<typeof rootPaths>
}

/**
 * The root a BASE link points at, or one clear error: a missing `current` is bad input (wrong --base, exit 2);
 * a link that is not a link, dangles or reaches something that is not a conda root is refused (exit 3).
 */
export const requireRoot = (ctx: Pick<AppContext, 'layout'>, link: 'current' | 'qa'): LinkedRoot => {
  const path = ctx.layout[link]
  const reading = readLink(path)
  if (reading.kind === 'missing') {
    if (link === 'qa') {
      throw new RefusedError('qa.missing', `${path} does not exist: no migration is in progress`, {
        hint: 'install a new root with condamig install INSTALLER --name NAME (it points qa at it)',
      })
    }

    throw new BadInputError(
      'base.no-current',
      `${path} does not exist: ${ctx.layout.base} is not a shared installation (expected current -> <root>)`,
      {hint: 'point --base (or CONDAMIG_BASE) at the directory that holds current'},
    )
  }

  if (reading.kind === 'not-a-link') {
    throw new RefusedError('base.not-a-link', `${path} is not a symlink: condamig needs ${link} -> <root>`, {
      hint: `move the root aside (e.g. mv ${path} ${path}-root) and link it: ln -s ${link}-root ${path}`,
    })
  }

  if (!reading.resolves) {
    throw new RefusedError('base.dangling', `${path} -> ${reading.target} does not resolve`, {
      hint: `restore ${join(ctx.layout.base, reading.target)} or repoint ${link}`,
    })
  }

  const dir = join(ctx.layout.base, reading.target)
  if (!isCondaRoot(dir)) {
    throw new RefusedError(
      'root.not-conda',
      `${link} -> ${reading.target}: ${dir} is not a conda root (no bin/conda)`,
      {
        hint: 'a conda root has bin/conda and conda-meta/',
      },
    )
  }

  return {link, name: reading.target, dir, realDir: realpathSync(dir), paths: rootPaths(dir)}
}
