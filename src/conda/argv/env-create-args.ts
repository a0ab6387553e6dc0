import type {CondaCommand} from '../types.js'
import {checkedPrefix} from './solve-args.js'

export type EnvCreateOptions = {
  prefix: string
  file: string
  dryRun?: boolean
  /**
   * Pass `-y` (default). Old condas' `env create` (4.x) has no `-y` and rejects it; there `--json` alone
   * already answers yes, so pass `false` for them.
   */
  yes?: boolean
}

/**
 * `conda env create -y --json -p PREFIX -f FILE`. Always `-p`: without it the file's `name:`/`prefix:`
 * decide, and 26.7.1 creates at the OLD root's path (transcripts README point 3). pip's temporary
 * requirements file is written next to FILE, so FILE must sit in a writable directory.
 */
export const envCreateArgs = (bin: string, options: EnvCreateOptions): CondaCommand => ({
  file: bin,
  args: [
    'env',
    'create',
    ...(options.yes === false ? [] : ['-y']),
    '--json',
    '-p',
    checkedPrefix(options.prefix),
    '-f',
    options.file,
    ...(options.dryRun ? ['--dry-run'] : []),
  ],
})
