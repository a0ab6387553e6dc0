import type {CondaCommand} from '../types.js'
import {type SolveTarget, solvingCommand} from './solve-args.js'

export type CreateOptions = SolveTarget

/** `conda create -y --json -p PREFIX … SPECS` (see solvingCommand). */
export const createArgs = (bin: string, options: CreateOptions): CondaCommand => solvingCommand(bin, 'create', options)
