import type {CondaCommand} from '../types.js'
import {type SolveTarget, solvingCommand} from './solve-args.js'

export type InstallOptions = SolveTarget

/** `conda install -y --json -p PREFIX … SPECS` into an existing env (noarch step, repairs). */
export const installArgs = (bin: string, options: InstallOptions): CondaCommand =>
  solvingCommand(bin, 'install', options)
