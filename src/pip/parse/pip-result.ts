import {cleanOutput, tail} from '../../conda/parse/clean-output.js'
import {succeeded, type RunResult} from '../../system/runner.js'
import type {PipFailure, PipResult} from '../types.js'
import {pipErrorLines, pipErrorPackages} from './pip-error.js'

/** Reads a failed pip run: its ERROR lines and the requirements they name. */
export const toPipFailure = (result: RunResult): PipFailure => {
  const text = `${cleanOutput(result.stdout)}\n${cleanOutput(result.stderr)}`
  const errors = pipErrorLines(text)
  const lastLines = text.trim().split('\n').slice(-6).join('\n')
  const message = result.timedOut
    ? 'pip was stopped: timeout reached'
    : result.cancelled
      ? 'pip was stopped: condamig was interrupted'
      : errors.length > 0
        ? errors.join('\n')
        : `pip exited ${result.exitCode ?? `by ${result.signal ?? 'a signal'}`}${lastLines ? `:\n${lastLines}` : ''}`
  return {
    message,
    packages: pipErrorPackages(text),
    exitCode: result.exitCode,
    timedOut: result.timedOut,
    cancelled: result.cancelled,
    raw: {stdoutTail: tail(result.stdout), stderrTail: tail(result.stderr)},
  }
}

/** Judges a pip run: exit 0 (not timed out, not cancelled) is success. */
export const toPipResult = (result: RunResult): PipResult =>
  succeeded(result) ? {ok: true, result} : {ok: false, failure: toPipFailure(result), result}
