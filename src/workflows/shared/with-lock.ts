import type {AppContext} from '../../context.js'
import {acquireLock} from '../../system/lock.js'

/** Runs a mutating workflow under BASE/.condamig/lock (CONTRACT §3); a second run is refused with exit 3. */
export const withLock = async <T>(
  ctx: Pick<AppContext, 'layout' | 'command' | 'user' | 'host' | 'log'>,
  work: () => Promise<T>,
): Promise<T> => {
  const lock = await acquireLock(ctx.layout.lock, {
    command: ctx.command,
    user: ctx.user,
    host: ctx.host,
    shared: ctx.layout.base,
  })
  if (lock.tookOver) {
    const old = lock.tookOver
    ctx.log(`condamig: took over a stale lock of ${old.user}@${old.host} (pid ${old.pid}, '${old.command}', gone)`)
  }

  try {
    return await work()
  } finally {
    lock.release()
  }
}
