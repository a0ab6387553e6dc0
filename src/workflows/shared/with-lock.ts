import type {AppContext} from '../../context.js'
import {localActor, recover} from '../../system/flip-transaction.js'
import {acquireLock} from '../../system/lock.js'

/** What the lock holder learned on the way in: a stale lock taken over, a crashed flip repaired. */
export type LockNotes = {warnings: string[]}

/**
 * Runs a mutating workflow under BASE/.condamig/lock (CONTRACT §3; a second run is refused with exit 3).
 * Right after locking, a cutover/rollback that a crash left half-done is finished or undone (CONTRACT §6).
 */
export const withLock = async <T>(
  ctx: Pick<AppContext, 'layout' | 'command' | 'user' | 'host' | 'log' | 'now'>,
  work: (notes: LockNotes) => Promise<T>,
): Promise<T> => {
  const lock = await acquireLock(ctx.layout.lock, {
    command: ctx.command,
    user: ctx.user,
    host: ctx.host,
    shared: ctx.layout.base,
  })
  const notes: LockNotes = {warnings: []}
  try {
    if (lock.tookOver) {
      const old = lock.tookOver
      notes.warnings.push(`took over a stale lock of ${old.user}@${old.host} (pid ${old.pid}, '${old.command}', gone)`)
    }

    const repaired = recover(ctx.layout, localActor({now: ctx.now}))
    // a loop, not push(...issues): a journal of 200,000 bad lines must not overflow the call stack (issue 8e)
    if (repaired.outcome !== 'clean') for (const issue of repaired.issues) notes.warnings.push(`recovered: ${issue}`)
    for (const warning of notes.warnings) ctx.log(`condamig: ${warning}`)
    return await work(notes)
  } finally {
    lock.release()
  }
}
