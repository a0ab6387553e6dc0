import {lstatSync, readdirSync} from 'node:fs'

import type {AppContext} from '../../context.js'
import {linkedRoot} from '../../domain/flip.js'
import {RefusedError} from '../../errors.js'
import {readLink} from '../../system/flip-link.js'
import {isCondaRoot} from '../../system/fs-facts.js'

/** What is at BASE/NAME before install: nothing, an empty directory, a conda root, or something else. */
export type TargetState = {kind: 'absent'} | {kind: 'empty'} | {kind: 'conda-root'} | {kind: 'occupied'; what: string}

/** Looks at BASE/NAME without following a symlink there. */
export const inspectTarget = (dir: string): TargetState => {
  let stats
  try {
    stats = lstatSync(dir)
  } catch {
    return {kind: 'absent'}
  }

  if (stats.isSymbolicLink()) return {kind: 'occupied', what: 'a symlink'}
  if (!stats.isDirectory()) return {kind: 'occupied', what: 'a file'}
  if (isCondaRoot(dir)) return {kind: 'conda-root'}
  const entries = readdirSync(dir)
  if (entries.length === 0) return {kind: 'empty'}
  const shown = entries.slice(0, 3).join(', ')
  return {
    kind: 'occupied',
    what: `a directory that is not a conda root (holds ${shown}${entries.length > 3 ? ', …' : ''})`,
  }
}

/**
 * Refuses (exit 3, nothing touched) a target install must not use: something that is not a conda root (only an
 * empty directory may be replaced by an install), an existing root without --adopt, nothing to adopt, the root
 * `current` points at (condamig never writes inside it), or a `qa` that is not a symlink.
 */
export const refuseTarget = (
  ctx: Pick<AppContext, 'layout'>,
  target: {name: string; dir: string; adopt: boolean; state: TargetState},
): void => {
  const {name, dir, adopt, state} = target
  if (state.kind === 'occupied') {
    throw new RefusedError('install.target-occupied', `${dir} is ${state.what}: not installing over it`, {
      hint: 'choose another --name, or move that directory away first',
    })
  }

  if (adopt && state.kind !== 'conda-root') {
    throw new RefusedError(
      'install.nothing-to-adopt',
      `--adopt: ${dir} is not a conda root (no bin/conda and conda-meta/)`,
      {
        hint: 'drop --adopt to install a new root there',
      },
    )
  }

  if (!adopt && state.kind === 'conda-root') {
    throw new RefusedError('install.root-exists', `${dir} is already a conda root: not installing over it`, {
      hint: `run condamig install --adopt --name ${name} to take it as the qa root`,
    })
  }

  if (linkedRoot(readLink(ctx.layout.current), ctx.layout.base) === name) {
    throw new RefusedError('install.is-current', `current -> ${name}: the production root cannot be the qa root`, {
      hint: 'install the new root under another --name',
    })
  }

  if (readLink(ctx.layout.qa).kind === 'not-a-link') {
    throw new RefusedError('install.qa-not-a-link', `${ctx.layout.qa} is not a symlink: condamig will not replace it`, {
      hint: `move ${ctx.layout.qa} aside by hand; condamig points qa -> ${name} with a relative link`,
    })
  }
}
