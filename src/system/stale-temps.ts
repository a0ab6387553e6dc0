import {lstatSync, readdirSync, unlinkSync} from 'node:fs'
import {join} from 'node:path'

import {TEMP_SIBLING} from './atomic-write.js'
import {processFacts} from './fs-facts.js'

/**
 * Whether the process that wrote a temp file at `mtimeMs` is gone: no such pid, a zombie, or the pid now belongs to
 * a process that started after the file was written (reused).
 */
const writerGone = (pid: number, mtimeMs: number): boolean => {
  if (pid === process.pid) return false
  const proc = processFacts(pid)
  if (proc === 'gone') return true
  if (proc === undefined) return false // no /proc: cannot tell, keep it
  if (proc.state === 'Z' || proc.state === 'X') return true
  return proc.startedAt !== undefined && proc.startedAt.getTime() > mtimeMs + 1000
}

const entries = (dir: string): string[] => {
  try {
    return readdirSync(dir)
  } catch {
    return [] // missing, not a directory, not readable: nothing of ours to clean there
  }
}

/**
 * Removes condamig's own temp files (atomic-write.ts tempSibling: `.NAME.condamig-tmp-PID-HEX`) that a killed run
 * left in `dirs`: regular files only (never a link, a directory or any other name), written before `before` (the
 * instant this run took the lock) by a process that is gone. Returns what it removed. Call it under the lock.
 */
export const removeStaleTemps = (dirs: readonly string[], options: {before: number}): string[] => {
  const removed: string[] = []
  for (const dir of new Set(dirs)) {
    for (const name of entries(dir)) {
      const match = TEMP_SIBLING.exec(name)
      if (!match) continue
      const path = join(dir, name)
      try {
        const stats = lstatSync(path)
        if (!stats.isFile() || stats.mtimeMs >= options.before) continue
        if (!writerGone(Number(match[1]), stats.mtimeMs)) continue
        unlinkSync(path)
        removed.push(path)
      } catch {
        // gone in between, or not ours to remove (another user's directory): leave it
      }
    }
  }

  return removed
}
