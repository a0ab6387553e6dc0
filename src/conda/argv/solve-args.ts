import type {CondaCommand} from '../types.js'
import {BadInputError} from '../../errors.js'

/** Options shared by the commands that solve (create, install). */
export type SolveOptions = {
  /** In priority order; each becomes `-c CHANNEL`. */
  channels?: readonly string[]
  /** Ignore the root's .condarc channels: only `channels` are searched. */
  overrideChannels?: boolean
  offline?: boolean
  /** Fill the package cache only (CondaExitZero, exit 0): used to pre-fill `pkgs/` once per root. */
  downloadOnly?: boolean
  dryRun?: boolean
  /** `--solver=…` exists from conda 22.11 only: leave undefined for older condas (see chooseSolver). */
  solver?: 'libmamba' | 'classic'
  quiet?: boolean
}

/**
 * Channels go after `-c`; one starting with `-` (`--override`) would be read by conda as an option, an empty one
 * means nothing: both are refused before anything runs (the plan refuses such specs first, naming file:line).
 */
export const checkedChannels = (channels: readonly string[]): string[] => {
  const bad = channels.find((channel) => channel.trim() === '' || channel.startsWith('-'))
  if (bad !== undefined) throw new BadInputError('conda.bad-channel', `not a channel: '${bad}'`)
  return [...channels]
}

/** `-c` flags and switches of SolveOptions, in a fixed order so argv can be pinned in tests. */
export const solveArgs = (options: SolveOptions): string[] => [
  ...(options.overrideChannels ? ['--override-channels'] : []),
  ...checkedChannels(options.channels ?? []).flatMap((channel) => ['-c', channel]),
  ...(options.solver ? [`--solver=${options.solver}`] : []),
  ...(options.offline ? ['--offline'] : []),
  ...(options.downloadOnly ? ['--download-only'] : []),
  ...(options.dryRun ? ['--dry-run'] : []),
  ...(options.quiet ? ['-q'] : []),
]

/**
 * Specs are passed as separate argv words, never through a shell; one starting with `-` would be read
 * as an option by conda, and an empty one is meaningless: both are refused before anything runs.
 */
export const checkedSpecs = (specs: readonly string[]): string[] => {
  const bad = specs.find((spec) => spec.trim() === '' || spec.startsWith('-'))
  if (bad !== undefined) throw new BadInputError('conda.bad-spec', `not a package spec: '${bad}'`)
  return [...specs]
}

/** conda is always told the target by full path (`-p`), never by name (CONTRACT §1). */
export const checkedPrefix = (prefix: string): string => {
  if (!prefix.startsWith('/')) throw new BadInputError('conda.bad-prefix', `not an absolute prefix: '${prefix}'`)
  return prefix
}

/** A target prefix and the specs to solve for it. */
export type SolveTarget = SolveOptions & {prefix: string; specs: readonly string[]}

/**
 * `conda create|install -y --json -p PREFIX …`. `-y` because a prompt at EOF exits 0 having done nothing,
 * `--json` because the error document then lands on stdout (transcripts README points 1 and 5).
 */
export const solvingCommand = (bin: string, verb: 'create' | 'install', options: SolveTarget): CondaCommand => ({
  file: bin,
  args: [
    verb,
    '-y',
    '--json',
    '-p',
    checkedPrefix(options.prefix),
    ...solveArgs(options),
    ...checkedSpecs(options.specs),
  ],
})
