/**
 * The package-cache gate of a parallel replicate, in one process: a readers-writer lock that prefers writers.
 * Real conda extracts into the shared `pkgs/` whenever it LOADS the cache and finds a tarball whose extracted
 * directory is incomplete (conda/core/package_cache_data.py `_make_single_record`): so not only a fetch writes there,
 * a dry-run solve or an offline create that starts while another process extracts can extract the same package
 * at the same time (seen on 26.7.1: `InvalidArchiveError … contains unsafe path: bin/python`). Fetches therefore
 * run alone (exclusive), every other conda process of the root shares the gate (solves and links still run side
 * by side), and a waiting fetch holds back new sharers so it is not starved.
 */
export type CacheGate = {
  /** Work that fills the cache (download, extract): runs with no other conda process of the root. */
  exclusive<T>(work: () => Promise<T>): Promise<T>
  /** Work that only loads the cache (solve, offline link): runs beside other sharers, never beside a fill. */
  shared<T>(work: () => Promise<T>): Promise<T>
  /** True while a fill holds the gate or waits for it. */
  readonly busy: boolean
}

export const createCacheGate = (): CacheGate => {
  let readers = 0
  let writing = false
  const writers: (() => void)[] = []
  const readersWaiting: (() => void)[] = []
  const wake = () => {
    if (writing) return
    if (writers.length > 0) {
      if (readers === 0) {
        writing = true
        writers.shift()?.()
      }
      return
    }
    while (readersWaiting.length > 0) {
      readers++
      readersWaiting.shift()?.()
    }
  }

  return {
    get busy() {
      return writing || writers.length > 0
    },
    async exclusive(work) {
      await new Promise<void>((resolve) => {
        writers.push(resolve)
        wake()
      })
      try {
        return await work()
      } finally {
        writing = false
        wake()
      }
    },
    async shared(work) {
      await new Promise<void>((resolve) => {
        readersWaiting.push(resolve)
        wake()
      })
      try {
        return await work()
      } finally {
        readers--
        wake()
      }
    },
  }
}
