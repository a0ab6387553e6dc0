/** Where a replicate (or verify) stopped: the report's `stage` column (CONTRACT §4). */
export const STAGES = ['spec', 'solve', 'create', 'pip', 'noarch', 'git', 'verify'] as const
export type Stage = (typeof STAGES)[number]

/** Why: the report's `category` column (CONTRACT §4). */
export const CATEGORIES = [
  'missing_package',
  'unsatisfiable',
  'channel_error',
  'config_error',
  'pip_error',
  'git_manual',
  'noarch_error',
  'timeout',
  'interrupted',
  'unknown',
] as const
export type Category = (typeof CATEGORIES)[number]

export const STATUSES = ['ok', 'failed', 'skipped', 'interrupted'] as const
export type Status = (typeof STATUSES)[number]

/** A classified failure of one step: what the report needs. */
export type Failure = {
  stage: Stage
  category: Category
  /** Specs at fault, as conda or pip printed them. */
  packages: string[]
  /** The few lines of tool output that say what went wrong. */
  message: string
  /** One sentence a human can act on. */
  remediation: string
}

/** The result for one environment of a batch (replicate). One row of the report. */
export type EnvOutcome = {
  environment: string
  status: Status
  /** Path of the full log, relative to BASE. */
  log: string
  durationS: number
  /** Present when status is failed or interrupted (interrupted: stage reached, category interrupted). */
  failure?: Failure
  /** For ok/skipped: what to know (skipped reason, human todos such as local pip paths). */
  notes: string[]
  /** The spec hash the env was (or would be) built from. */
  specHash?: string
}
