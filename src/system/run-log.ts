import {closeSync, lstatSync, readdirSync, writeSync} from 'node:fs'
import {dirname, join, relative} from 'node:path'

import {RefusedError} from '../errors.js'
import {confineTo} from './base-confinement.js'
import {openFresh} from './create-fresh.js'
import {mkdirShared, sharedModes} from './shared-permissions.js'

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
 * Makes a run's own log folder (`logs/replicate/<run>`, `logs/verify-<run>`), before any env starts: its name is a
 * predictable second, so a folder already there must be a real directory of this user's or root's (a rerun within
 * the second) holding nothing but regular files; one a co-admin prepared, or a link planted in it, is refused
 * (RefusedError, exit 3) before anything is built.
 */
export const openRunDir = (dir: string, base: string): void => {
  mkdirShared(dir, base, sharedModes(base), {fresh: true})
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (!lstatSync(path).isFile()) {
      throw new RefusedError('log.planted', `${path} is not a regular file in this run's log folder: refused`, {
        hint: 'someone may have planted it; remove it and run again',
      })
    }
  }
}

/**
 * Creates `file` as a new file of condamig's own (O_EXCL|O_NOFOLLOW; a log of the same name, from a run within the
 * same second, is replaced by rename, never written through) with the shared-base permissions (group-readable
 * whatever the umask) and returns a writer. A symlink where the log goes is refused (exit 3). Writes are
 * synchronous so the log is complete even when the run is killed right after.
 */
export const openRunLog = (file: string, base: string, options: {now?: () => Date} = {}): RunLog => {
  const modes = sharedModes(base)
  mkdirShared(dirname(file), base, modes)
  const fd = openFresh(file, {what: 'log', mode: modes.file, within: confineTo(base), replace: true})
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
