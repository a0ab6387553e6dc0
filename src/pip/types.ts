import type {RunResult} from '../system/runner.js'

/** A pip (or env-python) command as data: `{file: ENV/bin/python, args}`. */
export type PipCommand = {file: string; args: string[]}

/** Per-call process options, passed through to the Runner. */
export type PipRunOptions = {
  signal?: AbortSignal
  timeoutMs?: number
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void
  /** E.g. PIP_NO_INDEX / PIP_FIND_LINKS for offline installs (transcripts README point 7). */
  env?: Record<string, string | undefined>
  cwd?: string
}

/** A pip run that did not succeed, read from its output. */
export type PipFailure = {
  /** pip's `ERROR:` lines (and git's `fatal:` lines), or the last lines when there are none. */
  message: string
  /** Requirements pip could not install, as it printed them. */
  packages: string[]
  exitCode: number | null
  timedOut: boolean
  cancelled: boolean
  raw: {stdoutTail: string; stderrTail: string}
}

/** Outcome of `python -m pip install`: exit 0 is success (pip has no exit-0 failure mode we know of). */
export type PipResult = {ok: true; result: RunResult} | {ok: false; failure: PipFailure; result: RunResult}

/** A listing (freeze, list), or why pip could not produce it. */
export type PipQuery<T> = {ok: true; value: T; result: RunResult} | {ok: false; failure: PipFailure; result: RunResult}

/** One `pip list --format json` record. */
export type PipListEntry = {name: string; version: string; editableLocation?: string}

/** One `pip freeze` line: a pinned requirement, or a direct reference (`name @ git+…`, `-e …`). */
export type FreezeEntry = {raw: string; name?: string; version?: string; url?: string; editable: boolean}
