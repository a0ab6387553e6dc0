import type {CondaCommand} from '../types.js'
import {checkedPrefix, checkedSpecs, type SolveOptions, solveArgs} from './solve-args.js'

export type CreateOptions = SolveOptions & {prefix: string; specs: readonly string[]}

/**
 * `conda create -y --json -p PREFIX …`. `-y` because a prompt at EOF exits 0 having done nothing, `--json`
 * because the error document then lands on stdout (transcripts README points 1 and 5).
 */
export const createArgs = (bin: string, options: CreateOptions): CondaCommand => ({
  file: bin,
  args: [
    'create',
    '-y',
    '--json',
    '-p',
    checkedPrefix(options.prefix),
    ...solveArgs(options),
    ...checkedSpecs(options.specs),
  ],
})
