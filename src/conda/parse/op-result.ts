import type {RunResult} from '../../system/runner.js'
import {categoriseCondaError} from '../categorise.js'
import type {CondaFailure, CondaOpResult} from '../types.js'
import {cleanOutput, tail} from './clean-output.js'
import {type ParsedCondaError, parseCondaError} from './error-json.js'
import {lastJsonObject} from './json-documents.js'

/** The last few readable lines of the output, when conda said nothing recognisable. */
const lastLines = (result: RunResult, count = 6): string => {
  const text = cleanOutput(result.stderr).trim() || cleanOutput(result.stdout).trim()
  return text.split('\n').slice(-count).join('\n')
}

const whatHappened = (result: RunResult): ParsedCondaError => {
  const seconds = (result.durationMs / 1000).toFixed(0)
  if (result.timedOut) return unrecognised('Timeout', `conda was stopped after ${seconds} s: timeout reached`)
  if (result.cancelled) return unrecognised('Interrupted', 'conda was stopped: condamig was interrupted')
  const parsed = parseCondaError(result)
  if (parsed) return parsed
  if (result.exitCode === null) return unrecognised('Killed', `conda was killed by ${result.signal ?? 'a signal'}`)
  const name = result.exitCode === 0 ? 'NoSuccessDocument' : 'UnknownError'
  const said = lastLines(result)
  const why = result.exitCode === 0 ? 'conda exited 0 without reporting success' : `conda exited ${result.exitCode}`
  return unrecognised(name, said ? `${why}:\n${said}` : why)
}

const unrecognised = (exceptionName: string, message: string): ParsedCondaError => ({
  exceptionName,
  message,
  packages: [],
  channelUrls: [],
  source: 'text',
})

/** Builds the failure value of a conda run that did not succeed: what conda said, categorised. */
export const toCondaFailure = (result: RunResult): CondaFailure => {
  const parsed = whatHappened(result)
  const categorised = result.timedOut
    ? {category: 'timeout' as const}
    : result.cancelled
      ? {category: 'interrupted' as const}
      : categoriseCondaError(parsed.exceptionName, parsed.message, cleanOutput(result.stderr))
  return {
    exceptionName: parsed.exceptionName,
    message: parsed.message,
    packages: parsed.packages,
    channelUrls: parsed.channelUrls,
    ...categorised,
    exitCode: result.exitCode,
    timedOut: result.timedOut,
    cancelled: result.cancelled,
    raw: {stdoutTail: tail(result.stdout), stderrTail: tail(result.stderr)},
  }
}

/**
 * Judges a mutating conda call. Success needs exit 0 AND proof: the `--json` document's `success: true`
 * (`dry_run: true` for a dry run), or the zero-exit forms DryRunExit / CondaExitZero of --download-only.
 * A prompt answered by EOF (`CondaSystemExit`, exit 0, nothing done) is a failure (README point 1).
 */
export const toOpResult = (result: RunResult): CondaOpResult => {
  if (result.exitCode === 0 && !result.timedOut && !result.cancelled) {
    const document = lastJsonObject(result.stdout)
    if (document?.success === true) {
      return {ok: true, kind: document.dry_run === true ? 'dry-run' : 'done', document, result}
    }

    const parsed = parseCondaError(result)
    if (parsed?.exceptionName === 'DryRunExit') return {ok: true, kind: 'dry-run', result}
    if (parsed?.exceptionName === 'CondaExitZero' && /download-only/.test(parsed.message)) {
      return {ok: true, kind: 'download-only', result}
    }
  }

  return {ok: false, failure: toCondaFailure(result), result}
}
