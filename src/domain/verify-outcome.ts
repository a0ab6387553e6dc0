/** What `verify` checks in a qa environment (CONTRACT §3): the verify report's `check` column. */
export const VERIFY_CHECKS = ['python', 'imports', 'drift', 'tests', 'kernel'] as const
export type VerifyCheck = (typeof VERIFY_CHECKS)[number]

export const VERIFY_STATUSES = ['ok', 'failed', 'skipped'] as const
export type VerifyStatus = (typeof VERIFY_STATUSES)[number]

/** One check in one environment: one row of the verify report. */
export type VerifyCheckResult = {
  check: VerifyCheck
  status: VerifyStatus
  /** What was checked: `python 3.11.7`, the modules imported, the `[tests]` command, the kernel.json path. */
  detail: string
  /** Packages at fault: failed imports, drifted packages (`numpy 1.26.4 != 1.26.3` goes in message). */
  packages: string[]
  /** The few lines of output that say what went wrong (or why the check was skipped). */
  message: string
  /** One sentence a human can act on; empty when ok. */
  remediation: string
  durationS: number
}

/** Everything verify found in one environment. */
export type VerifyOutcome = {
  environment: string
  /** See verifyStatus. */
  status: VerifyStatus
  /** Path of the full log, relative to BASE. */
  log: string
  durationS: number
  checks: VerifyCheckResult[]
}

/** An environment failed when any check failed, was skipped when no check ran, and is ok otherwise. */
export const verifyStatus = (checks: readonly VerifyCheckResult[]): VerifyStatus =>
  checks.some((check) => check.status === 'failed')
    ? 'failed'
    : checks.every((check) => check.status === 'skipped')
      ? 'skipped'
      : 'ok'
