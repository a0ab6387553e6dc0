import {appendFileSync} from 'node:fs'
import {dirname} from 'node:path'

import {mkdirShared, sharedModes} from './shared-permissions.js'

/** The full log of one env in one run (`BASE/logs/replicate/<run>/NAME.log`): commands and all their output. */
export type EnvLog = {
  path: string
  line(text: string): void
  /** A chunk of subprocess output, as it arrives. */
  output(chunk: string): void
}

/** Opens (creates) a per-env log; every write is appended synchronously, so a crash loses nothing already said. */
export const openEnvLog = (path: string, base: string, now: () => Date): EnvLog => {
  const modes = sharedModes(base)
  mkdirShared(dirname(path), base, modes)
  appendFileSync(path, '', {mode: modes.file})
  return {
    path,
    line: (text) => appendFileSync(path, `[${now().toISOString()}] ${text}\n`),
    output: (chunk) => appendFileSync(path, chunk),
  }
}
