import {ExitCode, type ExitCodeValue} from './exit-codes.js'

/** An expected failure: its class decides the exit code, `code` is stable for scripts, `hint` is actionable. */
export abstract class CondamigError extends Error {
  abstract readonly exitCode: ExitCodeValue
  readonly code: string
  readonly hint?: string

  constructor(code: string, message: string, options: {hint?: string; cause?: unknown} = {}) {
    super(message, {cause: options.cause})
    this.name = new.target.name
    this.code = code
    this.hint = options.hint
  }
}

/** Bad flags, bad ini, bad env name, bad spec file. The message names file:line:value; nothing was changed. */
export class BadInputError extends CondamigError {
  readonly exitCode = ExitCode.BadInput
}

/** Lock held, preflight failed, target is not a conda root. */
export class RefusedError extends CondamigError {
  readonly exitCode = ExitCode.Refused
}

/**
 * The environment refused a write (full filesystem, quota, read-only mount, no permission): the run cannot do its job
 * there, so it is refused (exit 3) with the path and what to do. The file written is either whole or untouched.
 */
export class CannotWriteError extends RefusedError {
  readonly path: string
  constructor(code: string, path: string, message: string, options: {hint?: string; cause?: unknown} = {}) {
    super(code, message, options)
    this.path = path
  }
}

/** SIGINT/SIGTERM, raised after children are reaped and owned prefixes removed. */
export class InterruptedError extends CondamigError {
  readonly exitCode = ExitCode.Interrupted
  constructor(message = 'interrupted') {
    super('interrupted', message)
  }
}

/** A tool could not run at all (missing binary, not executable). */
export class ExternalCommandError extends CondamigError {
  readonly exitCode = ExitCode.BatchFailures
  readonly file: string
  readonly args: readonly string[]
  constructor(file: string, args: readonly string[], message: string, options: {hint?: string; cause?: unknown} = {}) {
    super('external.failed', message, options)
    this.file = file
    this.args = args
  }
}

export const isCondamigError = (error: unknown): error is CondamigError => error instanceof CondamigError
