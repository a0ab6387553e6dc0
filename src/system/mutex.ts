/** A FIFO mutex for async work in one process: the package-cache gate of a parallel replicate. */
export type Mutex = {
  run<T>(work: () => Promise<T>): Promise<T>
  /** True while work holds the mutex or waits for it. */
  readonly busy: boolean
}

export const createMutex = (): Mutex => {
  let tail: Promise<unknown> = Promise.resolve()
  let pending = 0
  return {
    get busy() {
      return pending > 0
    },
    run<T>(work: () => Promise<T>): Promise<T> {
      pending++
      const result = tail.then(work).finally(() => pending--)
      tail = result.catch(() => undefined) // one failure must not wedge the queue
      return result
    },
  }
}
