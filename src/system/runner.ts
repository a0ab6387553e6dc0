/** One subprocess to run. Every conda, pip, python and installer call is one of these. */
export type RunRequest = {
  file: string
  args: readonly string[]
  cwd?: string
  /** Merged over the parent's environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>
  /** Written to stdin, which is otherwise /dev/null (conda prompts then see EOF). */
  input?: string
  /** Terminate (SIGTERM, then SIGKILL after the grace period) when exceeded. */
  timeoutMs?: number
  /** Aborting terminates the child's whole process group the same way. */
  signal?: AbortSignal
  /** Time between SIGTERM and SIGKILL; default 5 s. */
  killGraceMs?: number
  /** Called with each chunk of output as it arrives (logs, progress). */
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void
}

/** What happened. A non-zero exit is a result, not an exception. */
export type RunResult = {
  /** The command, shell-quoted, for logs and messages. */
  command: string
  /** The exit code, or null when the child was ended by a signal. */
  exitCode: number | null
  signal?: string
  stdout: string
  stderr: string
  timedOut: boolean
  cancelled: boolean
  durationMs: number
}

/** The process seam. Implementations must await (reap) the child before resolving. */
export interface Runner {
  run(request: RunRequest): Promise<RunResult>
  /**
   * Calls `listener` with the process groups (one per child) running now, each time a child starts or is done;
   * returns how to stop listening. The lock records them (system/lock.ts), so that whoever takes over the lock of a
   * killed condamig stops its children first. Optional: a runner without real processes has nothing to report.
   */
  watchGroups?(listener: (pgids: readonly number[]) => void): () => void
}

const SAFE = /^[\w@%+=:,./-]+$/

/** Shell-quotes one argument the way a human would type it. */
export const quoteArg = (arg: string): string =>
  arg !== '' && SAFE.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`

/** Renders a command as a copy-pasteable shell line. */
export const formatCommand = (file: string, args: readonly string[]): string => [file, ...args].map(quoteArg).join(' ')

/** True when the run ended normally with exit code 0. */
export const succeeded = (result: RunResult): boolean => result.exitCode === 0 && !result.timedOut && !result.cancelled
