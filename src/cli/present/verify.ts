import {relative} from 'node:path'

import {VERIFY_CHECKS, type VerifyOutcome} from '../../domain/verify-outcome.js'
import type {VerifyResult} from '../../workflows/verify.js'
import {section, table} from './format.js'

/** A check column: its status, `failed` winning when an env has several rows of it (kernels). */
const cell = (outcome: VerifyOutcome, check: string): string => {
  const statuses = outcome.checks.filter((c) => c.check === check).map((c) => c.status)
  if (statuses.length === 0) return '-'
  return statuses.includes('failed') ? 'FAILED' : statuses.includes('ok') ? 'ok' : 'skipped'
}

const indent = (text: string, by: string) => text.split('\n').map((line) => `${by}${line}`)

/** Human summary of `condamig verify`. */
export const presentVerify = (result: VerifyResult): string => {
  const {summary} = result
  const rows = result.environments.map((outcome) => [
    outcome.environment,
    outcome.status === 'failed' ? 'FAILED' : outcome.status,
    ...VERIFY_CHECKS.map((check) => cell(outcome, check)),
  ])
  const failures = result.environments.flatMap((outcome) =>
    outcome.checks
      .filter((check) => check.status === 'failed')
      .flatMap((check) => [
        `${outcome.environment} — ${check.check}${check.detail ? ` (${check.detail})` : ''}:`,
        ...indent(check.message || 'failed', '    '),
        ...(check.remediation ? [`    → ${check.remediation}`] : []),
      ]),
  )
  return [
    `verified ${summary.total} environment(s) against qa -> ${result.qa.root}` +
      `${result.current ? ` (drift also vs current -> ${result.current.root})` : ''}: ` +
      `${summary.ok} ok, ${summary.failed} failed, ${summary.skipped} skipped`,
    ...(rows.length > 0 ? ['', table(['ENV', 'STATUS', ...VERIFY_CHECKS.map((c) => c.toUpperCase())], rows)] : []),
    ...section('Failures', failures),
    '',
    `report: ${relative(result.base, result.report.file)} (also ${relative(result.base, result.report.latest)})`,
    ...section('Warnings', result.warnings),
  ].join('\n')
}
