import {compareVersions} from './parse/version.js'

/** How a root solves: its `bin/mamba`, or conda with the libmamba or the classic solver. */
export type SolverChoice = 'mamba' | 'libmamba' | 'classic'

import type {SolverFlag} from '../domain/replicate/stage-specs.js'

/** conda gained `--solver` (and the libmamba plugin) in 22.11. */
export const SOLVER_FLAG_SINCE = '22.11'

/**
 * What the root said when asked to solve nothing with `--solver=libmamba` (see solverProbeArgs): it works, it
 * offers only these solvers (argparse: `invalid choice: 'libmamba' (choose from 'classic')`), or it gave no
 * answer condamig can read (then its own configuration is left to decide, and a failing solve says why).
 */
export type SolverProbe = {works: true} | {works: false; available: string[]} | {works: 'unknown'}

export type SolverPlan = {solver: SolverChoice; flag?: SolverFlag}

/**
 * Picks the fastest solver the root really has: `bin/mamba`, else libmamba when the root accepts it, else classic.
 * The choice is passed as `--solver` on every solve, so a `.condarc` (or conda >= 23.10's default) naming a solver
 * the root lacks cannot fail them all. Before 22.11 there is no `--solver`: classic, from the root's config.
 */
export const chooseSolver = (root: {condaVersion: string; hasMamba: boolean; probe?: SolverProbe}): SolverPlan => {
  if (root.hasMamba) return {solver: 'mamba'}
  if (compareVersions(root.condaVersion, SOLVER_FLAG_SINCE) < 0) return {solver: 'classic'}
  const probe = root.probe ?? {works: 'unknown'}
  if (probe.works === true) return {solver: 'libmamba', flag: 'libmamba'}
  if (probe.works === false && probe.available.includes('classic')) return {solver: 'classic', flag: 'classic'}
  return {solver: compareVersions(root.condaVersion, '23.10') >= 0 ? 'libmamba' : 'classic'}
}
