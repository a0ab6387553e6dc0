import type {CondaCommand} from '../types.js'
import {checkedPrefix, checkedSpecs, type SolveOptions, solveArgs} from './solve-args.js'

export type InstallOptions = SolveOptions & {prefix: string; specs: readonly string[]}

/** `conda install -y --json -p PREFIX …` into an existing env (noarch step, repairs). */
export const installArgs = (bin: string, options: InstallOptions): CondaCommand => ({
  file: bin,
  args: [
    'install',
    '-y',
    '--json',
    '-p',
    checkedPrefix(options.prefix),
    ...solveArgs(options),
    ...checkedSpecs(options.specs),
  ],
})
