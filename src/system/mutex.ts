/** A FIFO mutex for async work in one process: the package-cache gate of a parallel replicate. */
export type Mutex = {run<T>(work: () => Promise<T>): Promise<T>; readonly waiting: number}

export const createMutex = (): Mutex => {
  let tail: Promise<unknown> = Promise.resolve()
  let waiting = 0
  return {
    get waiting() {
      return waiting
    },
    run<T>(work: () => Promise<T>): Promise<T> {
      waiting++
      const result = tail.then(async () => {
        waiting--
        return work()
      })
      tail = result.catch(() => undefined) // one failure must not wedge the queue
      return result
    },
  }
}
