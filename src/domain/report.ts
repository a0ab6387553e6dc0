import type {EnvOutcome, Status} from './outcome.js'
import type {VerifyCheckResult, VerifyOutcome} from './verify-outcome.js'

/** The replicate report's columns, in the contract's order (CONTRACT §4). More may follow; these never move. */
export const REPORT_COLUMNS = [
  'environment',
  'status',
  'stage',
  'category',
  'packages',
  'message',
  'remediation',
  'log',
  'duration_s',
] as const

/** The verify report's columns: one row per check per environment. */
export const VERIFY_COLUMNS = [
  'environment',
  'status',
  'check',
  'detail',
  'packages',
  'message',
  'remediation',
  'log',
  'duration_s',
] as const

/** Seconds with one decimal; empty for a duration that was never measured (NaN, negative). */
export const formatDuration = (seconds: number): string =>
  Number.isFinite(seconds) && seconds >= 0 ? seconds.toFixed(1) : ''

/**
 * One replicate report row, in REPORT_COLUMNS order. Cells are raw text: writeCsvReport neutralises formulas, so the
 * same rows can feed JSON or a terminal table. A failed or interrupted env shows its Failure (an interrupted one
 * without a recorded failure gets category `interrupted`, a failed one `unknown`); ok and skipped rows leave
 * stage/category/packages/remediation empty and carry their notes (skip reason, human todos) in `message`.
 */
export const toReportRow = (outcome: EnvOutcome): string[] => {
  const failing = outcome.status === 'failed' || outcome.status === 'interrupted'
  const failure = failing ? outcome.failure : undefined
  const fallback = outcome.status === 'interrupted' ? 'interrupted' : failing ? 'unknown' : ''
  return [
    outcome.environment,
    outcome.status,
    failure?.stage ?? '',
    failure?.category ?? fallback,
    failure?.packages.join(' ') ?? '',
    failure?.message ?? outcome.notes.join('\n'),
    failure?.remediation ?? '',
    outcome.log,
    formatDuration(outcome.durationS),
  ]
}

/** One verify report row for one check of an environment, in VERIFY_COLUMNS order (status = the check's). */
export const toVerifyRow = (outcome: VerifyOutcome, check: VerifyCheckResult): string[] => [
  outcome.environment,
  check.status,
  check.check,
  check.detail,
  check.packages.join(' '),
  check.message,
  check.remediation,
  outcome.log,
  formatDuration(check.durationS),
]

/** All rows of one environment; an environment where no check ran still gets one row, so it is not lost. */
export const toVerifyRows = (outcome: VerifyOutcome): string[][] =>
  outcome.checks.length > 0
    ? outcome.checks.map((check) => toVerifyRow(outcome, check))
    : [[outcome.environment, outcome.status, '', '', '', '', '', outcome.log, formatDuration(outcome.durationS)]]

/** Characters that make a spreadsheet evaluate a cell (OWASP "CSV injection"). */
const FORMULA_START = /^'*[=+\-@\t\r]/

/**
 * Prefixes `'` to a cell a spreadsheet would run as a formula: one starting with `= + - @`, tab or CR (CONTRACT §4).
 * Every such cell is neutralised, plain negative numbers such as `-1.5` too: no column of ours holds one (durations
 * are never negative), and one simple rule is easier to trust. A cell that already starts with `'` before such a
 * character gets one more, so unneutraliseFormula can always undo exactly what was done.
 */
export const neutraliseFormula = (cell: string): string => (FORMULA_START.test(cell) ? `'${cell}` : cell)

/** Undoes neutraliseFormula, for reading a report back. */
export const unneutraliseFormula = (cell: string): string =>
  cell.startsWith("'") && FORMULA_START.test(cell) ? cell.slice(1) : cell

/** How many outcomes have each status, and the total. */
export const summariseOutcomes = (outcomes: readonly {status: Status}[]): Record<Status, number> & {total: number} => {
  const summary = {total: outcomes.length, ok: 0, failed: 0, skipped: 0, interrupted: 0}
  for (const {status} of outcomes) summary[status]++
  return summary
}

const SEVERITY: Record<Status, number> = {failed: 3, interrupted: 2, ok: 1, skipped: 0}

/**
 * One status per environment of a report read back: the worst of its rows (a verify report has a row per check,
 * a replicate report one per env). Rows keep their first-seen order.
 */
export const statusPerEnvironment = (rows: readonly Record<string, string>[]): {status: Status}[] => {
  const worst = new Map<string, Status>()
  for (const row of rows) {
    const status = row.status as Status
    if (!(status in SEVERITY)) continue
    const seen = worst.get(row.environment ?? '')
    if (seen === undefined || SEVERITY[status] > SEVERITY[seen]) worst.set(row.environment ?? '', status)
  }

  return [...worst.values()].map((status) => ({status}))
}
