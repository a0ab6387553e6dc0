import type {CondaCommand} from '../types.js'
import {checkedPrefix} from './solve-args.js'

/** `conda remove -y --json -p PREFIX --all`: removes an env condamig created (cleanup of a failed build). */
export const removeAllArgs = (bin: string, prefix: string): CondaCommand => ({
  file: bin,
  args: ['remove', '-y', '--json', '-p', checkedPrefix(prefix), '--all'],
})
