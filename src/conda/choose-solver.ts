import {compareVersions} from './parse/version.js'

/** How a root solves: its `bin/mamba`, conda with `--solver=libmamba`, or conda's classic solver. */
export type SolverChoice = 'mamba' | 'libmamba' | 'classic'

/** conda gained `--solver` (and the libmamba plugin) in 22.11. */
const SOLVER_FLAG_SINCE = '22.11'

/**
 * Picks the fastest solver a root really has (issue 3: `bin/mamba` if present, else `--solver=libmamba` when that
 * conda offers it); the caller detects what is installed (`bin/mamba`, `conda-meta/conda-libmamba-solver-*.json`).
 * classic (pycosat) is last: it works everywhere but is slow and prints spurious `__glibc` conflicts (README point 6).
 */
export const chooseSolver = (root: {
  condaVersion: string
  hasMamba: boolean
  hasLibmambaSolver: boolean
}): SolverChoice => {
  if (root.hasMamba) return 'mamba'
  if (root.hasLibmambaSolver && compareVersions(root.condaVersion, SOLVER_FLAG_SINCE) >= 0) return 'libmamba'
  return 'classic'
}

/**
 * The `solver` option for create/install: only libmamba needs the flag. classic is left to the root's
 * own config, because conda older than 22.11 rejects `--solver` altogether; mamba is chosen by using
 * `bin/mamba` as the Conda instance's bin.
 */
export const solverOption = (choice: SolverChoice): 'libmamba' | undefined =>
  choice === 'libmamba' ? 'libmamba' : undefined
