import type {Category} from '../domain/outcome.js'
import {unknownSolver} from './categorise.js'
import type {CondaFailure} from './types.js'

/**
 * What a remediation sentence may name: the env's override file (relative to BASE), its channels, and the conda
 * that ran (absolute), for commands that fix the root itself.
 */
export type RemediationContext = {overrideFile: string; channels: readonly string[]; condaBin?: string}

const listed = (items: readonly string[]): string => items.join(' ')
const isAre = (items: readonly string[]): string => (items.length === 1 ? 'is' : 'are')

/** pip could not install these requirements (from conda's pip step or pip run directly). */
export const pipRemediation = (packages: readonly string[], overrideFile: string): string =>
  packages.length > 0
    ? `pip could not install ${listed(packages)}: pin a version that exists, or drop the entry, in the pip section of ${overrideFile}`
    : `pip failed (the log has its output): fix the pip section of ${overrideFile}`

/** The tool was stopped at the per-env timeout. */
export const timeoutRemediation = (tool: 'conda' | 'pip'): string =>
  `${tool} did not finish in time: raise timeout in the [condamig] section of condamig.ini or check the channels and indexes are reachable, then rerun with --retry-failed`

export const INTERRUPTED_REMEDIATION = 'the run was interrupted: rerun replicate with --retry-failed'

/**
 * A solver the root was told to use but does not have: the command that sets one it offers (libmamba when it has
 * it, else the first it lists) in the root's own .condarc, which is where condamig's solver choice lives too.
 */
const solverRemediation = (message: string, condaBin: string | undefined): string => {
  const solver = unknownSolver(message)
  const offered = solver?.available ?? []
  const pick = offered.includes('libmamba') ? 'libmamba' : (offered[0] ?? 'classic')
  const chosen = solver?.chosen ?? 'the configured'
  if (condaBin === undefined)
    return `the root's conda is set to the ${chosen} solver, which it does not have: set solver: ${pick} in its .condarc, then rerun with --retry-failed`
  const root = condaBin.replace(/\/bin\/[^/]+$/, '')
  return `the root's conda is set to the ${chosen} solver, which it does not have: run ${condaBin} config --file ${root}/.condarc --set solver ${pick}, then rerun with --retry-failed`
}

/** Sentences for exceptions that say more than their category (all `unknown`). */
const BY_EXCEPTION: Record<string, (context: RemediationContext) => string> = {
  EnvironmentLocationNotFound: () =>
    'the environment prefix does not exist (it was removed or never created): rerun with --retry-failed',
  CondaValueError: ({overrideFile}) =>
    `conda refused the target or the spec (see message): check that the qa prefix is free and ${overrideFile} has a plain name, then rerun with --retry-failed`,
  CondaSystemExit: () =>
    'conda stopped at a prompt without doing anything: run the logged command by hand to see what it asks',
  NoSuccessDocument: () => 'conda exited 0 without reporting success: read the log, then rerun with --retry-failed',
  NotWritableError: () =>
    'conda could not write where it needed to: run condamig as the account that owns the qa root and its pkgs/',
  EnvironmentNotWritableError: () =>
    'conda could not write the environment: run condamig as the account that owns the qa root',
  EnvironmentFileNotFound: () => 'the spec file vanished while replicating: run condamig export again, then replicate',
}

/**
 * One sentence a human can act on for a conda failure (CONTRACT §4 `remediation`), naming the specs at
 * fault, the channels searched and the override file to edit.
 */
export const condaRemediation = (failure: CondaFailure, category: Category, context: RemediationContext): string => {
  const {overrideFile} = context
  const packages = failure.packages
  const channels = context.channels.length > 0 ? context.channels : failure.channelUrls
  const where = channels.length > 0 ? `channels ${channels.join(', ')}` : 'the configured channels'
  // condamig installs noarch packages one at a time under the cache gate, so a "corrupt" one is its own archive
  if (failure.cause === 'package-cache' && category === 'noarch_error') {
    return `conda rejects the archive of the local noarch package ${listed(packages) || '(see message)'} as corrupt (old conda-build packages fail conda's manifest check): rebuild it with a current conda-build, or install its files by hand`
  }
  if (failure.cause === 'package-cache') {
    return `the package cache holds a corrupt or half-written package (conda runs sharing pkgs/ at once): run "conda clean --packages --tarballs -y" with the qa root's conda, then rerun with --retry-failed`
  }
  switch (category) {
    case 'missing_package':
      return packages.length > 0
        ? `${listed(packages)} ${isAre(packages)} not in ${where}: pin a newer version in ${overrideFile} or add the channel that has it`
        : `a requested package is not in ${where}: pin a newer version in ${overrideFile} or add the channel that has it`
    case 'unsatisfiable':
      return packages.length > 0
        ? `${listed(packages)} cannot be installed together: relax or drop one of these pins in ${overrideFile}`
        : `the specs conflict with each other (the log lists them): relax the pins in ${overrideFile}`
    case 'channel_error':
      return `channel ${failure.channelUrls[0] ?? 'in use'} is unreachable or not a channel: fix channels or channel_map in condamig.ini, or the channels of ${overrideFile}`
    case 'config_error':
      return solverRemediation(failure.message, context.condaBin)
    case 'pip_error':
      return pipRemediation(packages, overrideFile)
    case 'noarch_error':
      return `the local noarch package ${listed(packages) || '(see message)'} could not be installed into the new env: check it exists in the noarch channel and suits the new python, or install it by hand`
    case 'timeout':
      return timeoutRemediation('conda')
    case 'interrupted':
      return INTERRUPTED_REMEDIATION
    default: {
      if (/No space left on device/.test(failure.message)) {
        return 'the disk is full (No space left on device): free space for the qa root and its pkgs/, then rerun with --retry-failed'
      }
      if (failure.stageHint === 'spec')
        return `the environment file is not valid: fix ${overrideFile}, then rerun with --retry-failed`
      const sentence = BY_EXCEPTION[failure.exceptionName]
      return sentence
        ? sentence(context)
        : `conda failed with ${failure.exceptionName}: read the log, fix ${overrideFile} if the spec is at fault, then rerun with --retry-failed`
    }
  }
}
