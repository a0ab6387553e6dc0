import {closeSync, openSync, writeSync} from 'node:fs'
import {dirname, relative} from 'node:path'

import {applySharedMode, mkdirShared, sharedModes} from '../../system/shared-permissions.js'

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
export const openRunLog = (file: string, base: string): RunLog => {
  const modes = sharedModes(base)
  mkdirShared(dirname(file), base, modes)
  const fd = openSync(file, 'w', 0o664)
  applySharedMode(file, modes)
  let open = true
  const write = (chunk: string) => {
    if (open) writeSync(fd, chunk)
  }

  return {
    path: relative(base, file),
    write,
    note: (line) => write(`[condamig] ${line}\n`),
    close: () => {
      if (!open) return
      open = false
      closeSync(fd)
    },
  }
}
