import {PINNED_KERNEL_DETAIL} from './kernel-checks.js'

/** A report read back (system/csv-report.ts readCsvReport): rows keyed by lower-cased column name. */
export type ReportRead = {file: string; rows: readonly Record<string, string>[]; time: Date}

export type PreflightInput = {
  /** The REPLICATE envs of the inventory. */
  replicateEnvs: readonly string[]
  /** reports/replicate-latest.csv, absent when there is none. */
  replicate?: ReportRead
  /** reports/verify-latest.csv, absent when there is none. */
  verify?: ReportRead
  /** --allow-failures: every report condition becomes a warning. */
  allowFailures: boolean
  /** --rewrite-kernels: a pinned-kernel row is fixed by this very cutover. */
  rewriteKernels: boolean
}

/** Unmet conditions (cutover refuses, listing all of them) and the ones the flags waived (shown as warnings). */
export type Preflight = {unmet: string[]; waived: string[]}

const list = (names: readonly string[]) => names.join(', ')

const replicateConditions = (input: PreflightInput): string[] => {
  const report = input.replicate
  if (!report) return ['no replicate report (reports/replicate-latest.csv): run condamig replicate']
  const byEnv = new Map(report.rows.map((row) => [row.environment ?? '', row]))
  const missing = input.replicateEnvs.filter((env) => !byEnv.has(env))
  // skipped = already replicated from the same spec, which is as good as ok
  const failed = input.replicateEnvs.flatMap((env) => {
    const row = byEnv.get(env)
    if (!row || row.status === 'ok' || row.status === 'skipped') return []
    const why = [row.stage, row.category].filter(Boolean).join('/')
    return [`${env} (${row.status}${why ? `: ${why}` : ''})`]
  })
  return [
    ...(missing.length > 0 ? [`not in the latest replicate report: ${list(missing)}`] : []),
    ...(failed.length > 0 ? [`not replicated ok in ${report.file}: ${list(failed)}`] : []),
  ]
}

const verifyConditions = (input: PreflightInput, waived: string[]): string[] => {
  const report = input.verify
  if (!report) return ['no verify report (reports/verify-latest.csv): run condamig verify']
  const unmet: string[] = []
  if (input.replicate && report.time.getTime() < input.replicate.time.getTime()) {
    unmet.push('the latest verify is older than the latest replicate: run condamig verify again')
  }

  const verified = new Set(report.rows.map((row) => row.environment ?? ''))
  const missing = input.replicateEnvs.filter((env) => !verified.has(env))
  if (missing.length > 0) unmet.push(`not in the latest verify report: ${list(missing)}`)
  const failedChecks = new Map<string, Set<string>>()
  for (const row of report.rows) {
    if (row.status !== 'failed') continue
    const env = row.environment ?? ''
    if (input.rewriteKernels && (row.detail ?? '').startsWith(`${PINNED_KERNEL_DETAIL} `)) {
      waived.push(`${env}: ${row.detail} (--rewrite-kernels rewrites it)`)
      continue
    }

    failedChecks.set(env, (failedChecks.get(env) ?? new Set()).add(row.check || 'env'))
  }

  const failed = [...failedChecks].map(([env, checks]) => `${env} (${[...checks].join(', ')})`)
  if (failed.length > 0) unmet.push(`verify failed in ${report.file}: ${list(failed)}`)
  return unmet
}

/**
 * The report half of cutover's preflight (the link half is planCutover's): the latest replicate report covers
 * every REPLICATE env with status ok (or skipped: unchanged since an ok run), and the latest verify, made after it,
 * covers them too and has no failed row. `--allow-failures` turns every such condition into a waived one.
 */
export const reportPreflight = (input: PreflightInput): Preflight => {
  const waived: string[] = []
  const conditions = [...replicateConditions(input), ...verifyConditions(input, waived)]
  return input.allowFailures
    ? {unmet: [], waived: [...waived, ...conditions.map((condition) => `${condition} (--allow-failures)`)]}
    : {unmet: conditions, waived}
}
