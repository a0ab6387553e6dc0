import {BadInputError} from '../../errors.js'
import type {CondaCommand} from '../types.js'
import {checkedPrefix} from './solve-args.js'

/** `conda --version`. */
export const versionArgs = (bin: string): CondaCommand => ({file: bin, args: ['--version']})

/** `conda info --json`. */
export const infoArgs = (bin: string): CondaCommand => ({file: bin, args: ['info', '--json']})

/** `conda env list --json`: NOT per root, filter with envsOfRoot (transcripts README point 8). */
export const envListArgs = (bin: string): CondaCommand => ({file: bin, args: ['env', 'list', '--json']})

/**
 * `conda env export --name NAME | -p PREFIX [--no-builds]` (CONTRACT §3 `export`): YAML on stdout. export names the
 * env by path (a read-only view of it, see system/env-view); by name only where no path is given.
 */
export const envExportArgs = (
  bin: string,
  options: {name: string; prefix?: string; noBuilds: boolean},
): CondaCommand => {
  // inventory names are validated upstream; this only keeps a name from turning into an option
  if (options.name === '' || options.name.startsWith('-')) {
    throw new BadInputError('conda.bad-env-name', `not an environment name: '${options.name}'`)
  }
  const target = options.prefix === undefined ? ['--name', options.name] : ['-p', checkedPrefix(options.prefix)]
  return {file: bin, args: ['env', 'export', ...target, ...(options.noBuilds ? ['--no-builds'] : [])]}
}

/** `conda list --json -p PREFIX`. */
export const listJsonArgs = (bin: string, prefix: string): CondaCommand => ({
  file: bin,
  args: ['list', '--json', '-p', checkedPrefix(prefix)],
})

/** `conda list --explicit [--md5] -p PREFIX`: an @EXPLICIT file on stdout. */
export const listExplicitArgs = (bin: string, prefix: string, options: {md5?: boolean} = {}): CondaCommand => ({
  file: bin,
  args: ['list', '--explicit', ...(options.md5 ? ['--md5'] : []), '-p', checkedPrefix(prefix)],
})

/**
 * Asks a root (conda >= 22.11) whether it has the libmamba solver: a dry-run create of nothing with
 * `--solver=libmamba`. It solves no package, writes nothing (PREFIX must not exist and is not created), and
 * answers in well under a second: success, or argparse's `invalid choice` listing the solvers it does have.
 */
export const solverProbeArgs = (bin: string, prefix: string): CondaCommand => ({
  file: bin,
  args: ['create', '--dry-run', '--json', '-p', checkedPrefix(prefix), '--solver=libmamba'],
})
