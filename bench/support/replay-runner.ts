// Runners that isolate condamig's own work from the processes it starts: one records what a real runner answered,
// one answers instantly from such a recording, one times selected calls of a real runner.
import type {RunRequest, RunResult, Runner} from '../../src/system/runner.js'
import {nowMs} from './stats.js'

/** The identity of a call: file, arguments and working directory (the env is the same for every call of a run). */
export const callKey = (request: Pick<RunRequest, 'file' | 'args' | 'cwd'>): string =>
  [request.cwd ?? '', request.file, ...request.args].join('\0')

/** The answers of a real run, by call. */
export type Recording = Map<string, RunResult>

/** Wraps `inner` and keeps every answer it gives in `recording`. */
export const recordingRunner = (inner: Runner, recording: Recording): Runner => ({
  async run(request) {
    const result = await inner.run(request)
    recording.set(callKey(request), result)
    return result
  },
})

/**
 * Answers each call from `recording` at once (the same stdout, stderr and exit code, durationMs 0), streaming the
 * output through onOutput as a real runner would. An unrecorded call throws: a replay must not guess.
 */
export const replayRunner = (recording: Recording): Runner & {calls: number} => {
  const runner = {
    calls: 0,
    async run(request: RunRequest): Promise<RunResult> {
      const recorded = recording.get(callKey(request))
      if (!recorded) throw new Error(`replay: no recorded answer for ${[request.file, ...request.args].join(' ')}`)
      runner.calls++
      if (recorded.stdout) request.onOutput?.(recorded.stdout, 'stdout')
      if (recorded.stderr) request.onOutput?.(recorded.stderr, 'stderr')
      return {...recorded, durationMs: 0}
    },
  }
  return runner
}

/** One timed call: its label, when it started and ended (ms, monotonic clock). */
export type TimedCall = {label: string; start: number; end: number}

/**
 * Wraps `inner` and records start and end of every call that `label` names (calls it returns undefined for are
 * passed through untimed).
 */
export const timingRunner = (
  inner: Runner,
  label: (request: RunRequest) => string | undefined,
): Runner & {calls: TimedCall[]} => {
  const calls: TimedCall[] = []
  return {
    calls,
    async run(request) {
      const name = label(request)
      const start = nowMs()
      const result = await inner.run(request)
      if (name !== undefined) calls.push({label: name, start, end: nowMs()})
      return result
    },
  }
}

/** Total time covered by the union of the calls' intervals (overlapping calls count once). */
export const coveredMs = (calls: readonly TimedCall[]): number => {
  const sorted = [...calls].sort((a, b) => a.start - b.start)
  let total = 0
  let span: {from: number; to: number} | undefined
  for (const call of sorted) {
    if (span && call.start <= span.to) {
      span.to = Math.max(span.to, call.end)
      continue
    }

    if (span) total += span.to - span.from
    span = {from: call.start, to: call.end}
  }

  return total + (span ? span.to - span.from : 0)
}
