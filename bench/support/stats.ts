// Small statistics and timing helpers shared by the benchmarks. Medians, not means: one slow run on a noisy
// machine must not move the result.

/** The median of `values` (the mean of the two middle ones for an even count); NaN for none. */
export const median = (values: readonly number[]): number => {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

/** Milliseconds since an arbitrary origin, from the monotonic clock. */
export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6

/** Runs `work` and returns its result with the wall time it took, in milliseconds. */
export const timed = async <T>(work: () => Promise<T> | T): Promise<{value: T; ms: number}> => {
  const start = nowMs()
  const value = await work()
  return {value, ms: nowMs() - start}
}

/**
 * Measures two things alternately, `rounds` times each (A, B, A, B, …), so that a slow phase of a noisy machine hits
 * both alike; a ratio of the medians is then meaningful within one run. Returns every sample, in milliseconds.
 */
export const interleave = async (
  rounds: number,
  a: () => Promise<unknown> | unknown,
  b: () => Promise<unknown> | unknown,
): Promise<{a: number[]; b: number[]}> => {
  const samples = {a: [] as number[], b: [] as number[]}
  for (let round = 0; round < rounds; round++) {
    // alternate which goes first, so neither always runs on a warmer cache
    const order = round % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const)
    for (const which of order) samples[which].push((await timed(which === 'a' ? a : b)).ms)
  }

  return samples
}

/** Rounds to `digits` decimals for tables and JSON (a benchmark number has no business with 15 digits). */
export const round = (value: number, digits = 2): number => {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}
