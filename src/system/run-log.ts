import {closeSync, openSync, writeSync} from 'node:fs'
import {dirname, relative} from 'node:path'

import {applySharedMode, mkdirShared, sharedModes} from './shared-permissions.js'

/** A log file of this run under BASE/logs: everything a child printed, plus condamig's own notes. */
export type RunLog = {
  /** Path relative to BASE, as the reports show it. */
  path: string
  write: (chunk: string) => void
  /** One line of condamig's own, marked so it stands out between the tools' output. */
  note: (line: string) => void
  close: () => void
}

/**
 * Creates (or truncates) `file` with the shared-base permissions (group-readable whatever the umask) and returns a
 * writer. Writes are synchronous so the log is complete even when the run is killed right after.
 */
export const openRunLog = (file: string, base: string, options: {now?: () => Date} = {}): RunLog => {
  const modes = sharedModes(base)
  mkdirShared(dirname(file), base, modes)
  const fd = openSync(file, 'w', 0o664)
  applySharedMode(file, modes)
  let open = true
  // a child may end without a newline (conda's --json output ends with `}`): a note must not be glued onto it
  let atLineStart = true
  const write = (chunk: string) => {
    if (!open || chunk === '') return
    writeSync(fd, chunk)
    atLineStart = chunk.endsWith('\n')
  }

  return {
    path: relative(base, file),
    write,
    // with a clock, each note is timestamped: a replicate log shows where an env's time went
    note: (line) =>
      write(`${atLineStart ? '' : '\n'}[condamig] ${options.now ? `${options.now().toISOString()} ` : ''}${line}\n`),
    close: () => {
      if (!open) return
      open = false
      closeSync(fd)
    },
  }
}

/** The log of a run that writes nothing (a dry run): the path it would have, no file. */
export const noRunLog = (path: string): RunLog => ({
  path,
  write: () => undefined,
  note: () => undefined,
  close: () => undefined,
})
