import type {Category, Stage} from '../domain/outcome.js'
import type {RunResult} from '../system/runner.js'

/** A command as data: what argv builders return and `formatCommand` renders (STYLE §12). */
export type CondaCommand = {file: string; args: string[]}

/** Per-call process options, passed through to the Runner. */
export type CondaRunOptions = {
  signal?: AbortSignal
  timeoutMs?: number
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void
  /** Merged over the Conda instance's env (e.g. a per-job CONDA_PKGS_DIRS). */
  env?: Record<string, string | undefined>
}

/** The parts of `conda info --json` condamig uses. */
export type CondaInfo = {
  rootPrefix: string
  condaVersion: string
  /** `3.11.2` (conda prints `3.11.2.final.0`). */
  pythonVersion: string
  envsDirs: string[]
  pkgsDirs: string[]
  channels: string[]
  platform: string
  /** `solver.name` (25.x+); absent on older condas. */
  solver?: string
}

/** One `conda list --json` record; pip-installed packages have channel `pypi`. */
export type CondaListEntry = {
  name: string
  version: string
  build: string
  channel: string
  platform: string
  baseUrl: string
  distName: string
}

/** A conda failure, read from its output: the raw facts plus the contract category they imply. */
export type CondaFailure = {
  /** `PackagesNotFoundError`, `ParserError` (from a traceback), `Timeout`, `Interrupted`, `NoSuccessDocument`… */
  exceptionName: string
  /** The few lines that say what went wrong (boilerplate, progress and tracebacks removed). */
  message: string
  /** Specs at fault, as conda or pip printed them. */
  packages: string[]
  /** Channels conda searched or could not reach. */
  channelUrls: string[]
  category: Category
  /** Where the failure really happened when the output says so (a create that failed to solve → `solve`). */
  stageHint?: Stage
  /** Set when the output points at a corrupt or half-written package cache (README point 10). */
  cause?: 'package-cache'
  exitCode: number | null
  timedOut: boolean
  cancelled: boolean
  /** Output tails for the log and debugging, never for the report. */
  raw: {stdoutTail: string; stderrTail: string}
}

/**
 * Outcome of a mutating conda call (create, env create, install, remove). `ok` means exit 0 AND a success
 * document (or a dry-run / download-only exit): exit 0 alone is not proof (transcripts README point 1).
 */
export type CondaOpResult =
  | {ok: true; kind: 'done' | 'dry-run' | 'download-only'; document?: Record<string, unknown>; result: RunResult}
  | {ok: false; failure: CondaFailure; result: RunResult}

/** Why an export is not usable although conda may have exited 0. */
export type ExportFailure =
  | {kind: 'missing-env'; message: string}
  | {kind: 'prefix-mismatch'; expected: string; actual: string; message: string}
  | {kind: 'unparsable'; message: string}
  | {kind: 'conda-error'; message: string; failure: CondaFailure}

/** Outcome of `conda env export`. Warnings on stderr (26.7.1 CondaExportWarning) do not make it fail. */
export type ExportResult =
  | {ok: true; yaml: string; name?: string; prefix?: string; warnings: string[]; result: RunResult}
  | {ok: false; failure: ExportFailure; result: RunResult}

/** Outcome of a read (list) that can fail for an expected reason, e.g. the prefix is not an env. */
export type CondaQuery<T> =
  {ok: true; value: T; result: RunResult} | {ok: false; failure: CondaFailure; result: RunResult}
