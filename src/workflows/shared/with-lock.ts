import {readdirSync} from 'node:fs'
import {join, relative} from 'node:path'

import type {AppContext} from '../../context.js'
import type {BaseLayout} from '../../domain/base-layout.js'
import {describeRecovery} from '../../domain/flip.js'
import {localActor, recover} from '../../system/flip-transaction.js'
import {acquireLock} from '../../system/lock.js'
import {removeStaleTemps} from '../../system/stale-temps.js'

/** What the lock holder learned on the way in: a stale lock taken over, a crashed flip repaired. */
export type LockNotes = {
  warnings: string[]
  /** What recovery changed before the work began (describeRecovery), when it changed anything (issue 8b). */
  recovered?: string
}

const subdirs = (dir: string): string[] => {
  try {
    return readdirSync(dir, {withFileTypes: true})
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(dir, entry.name))
  } catch {
    return []
  }
}

/** Where condamig writes files atomically (temp + rename), hence where a killed run may have left a temp file. */
const writtenDirs = (layout: BaseLayout): string[] => [
  layout.base,
  layout.stateDir,
  join(layout.stateDir, 'building'),
  layout.reportsDir,
  layout.specsDir,
  join(layout.specsDir, '.history'),
  ...subdirs(layout.kernelsDir),
  layout.qa, // the new root's .condarc (never current: condamig does not write there)
  ...subdirs(join(layout.qa, 'envs')),
]

/**
 * Runs a mutating workflow under BASE/.condamig/lock (CONTRACT §3; a second run is refused with exit 3).
 * While it runs, the lock records the process groups of its children, so that a run taking over after this one was
 * killed stops them first. Right after locking: a cutover/rollback that a crash left half-done is finished or undone
 * (CONTRACT §6), and the temp files killed runs left behind are removed.
 */
export const withLock = async <T>(
  ctx: Pick<AppContext, 'layout' | 'command' | 'user' | 'host' | 'log' | 'now' | 'runner'>,
  work: (notes: LockNotes) => Promise<T>,
): Promise<T> => {
  const requested = Date.now()
  const lock = await acquireLock(ctx.layout.lock, {
    command: ctx.command,
    user: ctx.user,
    host: ctx.host,
    shared: ctx.layout.base,
  })
  let warned = false
  const unwatch = ctx.runner.watchGroups?.((pgids) => {
    if (lock.recordGroups(pgids) || warned) return
    warned = true
    ctx.log(`condamig: warning: could not record the running children in ${lock.path}`)
  })
  const notes: LockNotes = {warnings: []}
  try {
    if (lock.tookOver) {
      const old = lock.tookOver
      notes.warnings.push(`took over a stale lock of ${old.user}@${old.host} (pid ${old.pid}, '${old.command}', gone)`)
    }

    for (const group of lock.stopped ?? [])
      notes.warnings.push(`stopped process group ${group.pgid} it left running (${group.command})`)
    const repaired = recover(ctx.layout, localActor({now: ctx.now}))
    // a loop, not push(...issues): a journal of 200,000 bad lines must not overflow the call stack (issue 8e)
    if (repaired.outcome !== 'clean') for (const issue of repaired.issues) notes.warnings.push(`recovered: ${issue}`)
    const recovered = describeRecovery(repaired)
    if (recovered !== undefined) notes.recovered = recovered
    const removed = removeStaleTemps(writtenDirs(ctx.layout), {before: requested})
    for (const note of staleTempNote(ctx.layout.base, removed)) notes.warnings.push(note)
    for (const warning of notes.warnings) ctx.log(`condamig: ${warning}`)
    return await work(notes)
  } finally {
    unwatch?.()
    lock.release()
  }
}

const staleTempNote = (base: string, removed: readonly string[]): string[] =>
  removed.length === 0
    ? []
    : [
        `removed ${removed.length} temporary file(s) an interrupted run left behind: ${removed.map((path) => relative(base, path)).join(', ')}`,
      ]

/**
 * Under the lock: removes the stale temp files of more directories a workflow writes in (a configured specs_dir
 * outside BASE/env_specs, and its .history/). Returns the warning to add to the run's notes (also logged).
 */
export const removeStaleTempsIn = (ctx: Pick<AppContext, 'layout' | 'log'>, dirs: readonly string[]): string[] => {
  const notes = staleTempNote(
    ctx.layout.base,
    removeStaleTemps(
      dirs.flatMap((dir) => [dir, join(dir, '.history')]),
      {before: Date.now()},
    ),
  )
  for (const note of notes) ctx.log(`condamig: ${note}`)
  return notes
}
