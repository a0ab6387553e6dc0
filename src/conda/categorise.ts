import type {Category, Stage} from '../domain/outcome.js'

const MISSING = new Set([
  'PackagesNotFoundError',
  'PackagesNotFoundInChannelsError', // 26.7.1's name for both create and env create (README point 6)
  'ResolvePackageNotFound',
  'PackageNotFoundError',
])
const UNSATISFIABLE = new Set(['UnsatisfiableError', 'LibMambaUnsatisfiableError', 'SpecsConfigurationConflictError'])
const CHANNEL = new Set([
  'UnavailableInvalidChannel',
  'CondaHTTPError',
  'ChannelError',
  'ChannelNotAllowed',
  'CondaSSLError',
  'ProxyError',
  'OfflineError',
  'NoChannelsConfiguredError',
])
/** A half-written or corrupt package in `pkgs/`: parallel creates without a cache gate (README point 10). */
const CACHE = new Set([
  'InvalidArchiveError',
  'CondaVerificationError',
  'SafetyError',
  'ChecksumMismatchError',
  'ExtractError',
  'CaseInsensitiveFileSystemError',
])
const SPEC = new Set([
  'ParserError',
  'ScannerError',
  'EnvironmentSpecPluginNotDetected',
  'EnvironmentFileNotFound',
  'EnvironmentFileEmpty',
  'SpecNotFound',
  'InvalidMatchSpec',
  'InvalidSpec',
])

/**
 * The solver conda was told to use and the ones it offers, from `You have chosen a non-default solver backend
 * (libmamba) but it was not recognized. Choose one of: classic`; undefined for any other message.
 */
export const unknownSolver = (message: string): {chosen: string; available: string[]} | undefined => {
  const match = /non-default solver backend \(([^)]+)\) but it was not recognized\. Choose one of: ([^\n]+)/.exec(
    message,
  )
  if (!match?.[1] || !match[2]) return undefined
  const available = match[2]
    .split(',')
    .map((name) => name.trim().replace(/\.$/, ''))
    .filter(Boolean)
  return {chosen: match[1], available}
}

/** What an exception means for the report: its category, and the stage it really stopped at when known. */
export type Categorised = {category: Category; stageHint?: Stage; cause?: 'package-cache'}

/** True when the output points at the package cache (`pkgs/`, the repodata cache state files). */
const mentionsCache = (text: string): boolean => /\/pkgs\/|gateways\/repodata/.test(text)

/**
 * Maps a conda exception to the contract's category and, when known, the stage it really stopped at.
 * `context` is the whole output, searched for hints the message lacks (a traceback's frames).
 */
export const categoriseCondaError = (exceptionName: string, message: string, context = message): Categorised => {
  // the root's own configuration, not the spec: a solver it was told to use but does not have (conda >= 23.10
  // defaults to libmamba; a root without conda-libmamba-solver then fails every solve)
  if (exceptionName === 'CondaValueError' && unknownSolver(message) !== undefined)
    return {category: 'config_error', stageHint: 'solve'}
  if (MISSING.has(exceptionName)) return {category: 'missing_package', stageHint: 'solve'}
  if (UNSATISFIABLE.has(exceptionName)) return {category: 'unsatisfiable', stageHint: 'solve'}
  if (CHANNEL.has(exceptionName)) return {category: 'channel_error', stageHint: 'solve'}
  if (exceptionName === 'CondaEnvException' && /Pip failed/.test(message))
    return {category: 'pip_error', stageHint: 'pip'}
  if (CACHE.has(exceptionName)) return {category: 'unknown', stageHint: 'create', cause: 'package-cache'}
  if (SPEC.has(exceptionName)) return {category: 'unknown', stageHint: 'spec'}
  // 23.7.4 can die reading a half-written repodata state file in pkgs/cache/ (concurrency/…/warm-cc3.txt)
  if (['JSONDecodeError', 'FileNotFoundError'].includes(exceptionName) && mentionsCache(context)) {
    return {category: 'unknown', stageHint: 'create', cause: 'package-cache'}
  }
  return {category: 'unknown'}
}
