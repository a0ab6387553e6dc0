/** The one source of "now": workflows take a Clock so journal entries, lock stamps and reports are testable. */
export interface Clock {
  now(): Date
}

/** The real wall clock. */
export const systemClock: Clock = {now: () => new Date()}

/** A clock for tests: returns `at` (advanced by `advance(ms)`), never the real time. */
export const fixedClock = (at: Date | string): Clock & {advance(ms: number): void} => {
  let ms = new Date(at).getTime()
  if (Number.isNaN(ms)) throw new TypeError(`fixedClock: not a date: ${String(at)}`)
  return {
    now: () => new Date(ms),
    advance(delta: number) {
      ms += delta
    },
  }
}

/** ISO 8601 UTC without milliseconds (`2026-11-26T10:00:00Z`), the form shown to humans in locks and journals. */
export const isoSeconds = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z')
