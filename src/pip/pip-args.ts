import {BadInputError} from '../errors.js'
import type {PipCommand} from './types.js'

export type PipInstallOptions = {
  /** `-r FILE` (written by the caller), installed after the inline requirements. */
  requirementsFile?: string
  /** Pass `--no-deps` (a noarch package whose dependencies conda already installed). */
  noDeps?: boolean
}

// Options in requirement position (`-e`, `--index-url`) are refused: editable and local entries are taken
// out of the spec and reported (CONTRACT §5 rule 4), and an option must never sneak in through a spec.
/**
 * `PYTHON -m pip install [--no-deps] REQ… [-r FILE]`, run with the ENV's own python so pip installs into
 * that env and nowhere else. `--disable-pip-version-check` keeps pip from going online just to nag.
 */
export const pipInstallArgs = (
  python: string,
  requirements: readonly string[],
  options: PipInstallOptions = {},
): PipCommand => {
  const bad = requirements.find((requirement) => requirement.trim() === '' || requirement.startsWith('-'))
  if (bad !== undefined) throw new BadInputError('pip.bad-requirement', `not a pip requirement: '${bad}'`)
  if (requirements.length === 0 && options.requirementsFile === undefined) {
    throw new BadInputError('pip.nothing-to-install', 'pip install needs requirements or a requirements file')
  }
  return {
    file: python,
    args: [
      '-m',
      'pip',
      'install',
      '--disable-pip-version-check',
      ...(options.noDeps ? ['--no-deps'] : []),
      ...requirements,
      ...(options.requirementsFile === undefined ? [] : ['-r', options.requirementsFile]),
    ],
  }
}

/** `PYTHON -m pip freeze`: keeps VCS origins that `conda env export` loses. */
export const pipFreezeArgs = (python: string): PipCommand => ({
  file: python,
  args: ['-m', 'pip', 'freeze', '--disable-pip-version-check'],
})

/** `PYTHON -m pip list --format json`. */
export const pipListArgs = (python: string): PipCommand => ({
  file: python,
  args: ['-m', 'pip', 'list', '--format', 'json', '--disable-pip-version-check'],
})
