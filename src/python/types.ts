import type {RunResult} from '../system/runner.js'

/** Per-call process options, passed through to the Runner. */
export type PythonRunOptions = {
  signal?: AbortSignal
  timeoutMs?: number
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void
  env?: Record<string, string | undefined>
  cwd?: string
}

/** What one import attempt gave: the module's `__version__` when it has one, or the exception. */
export type ImportProbe = {ok: true; version?: string} | {ok: false; error: string}

/** An answer from the env's python, or why there is none (python missing, crashed, printed garbage). */
export type PythonQuery<T> = {ok: true; value: T; result?: RunResult} | {ok: false; message: string; result?: RunResult}
