import {existsSync, statSync} from 'node:fs'
import {join, relative} from 'node:path'

import type {ReportRead} from '../../domain/verify/preflight.js'
import {readCsvReport, type ReportKind} from '../../system/csv-report.js'

/**
 * `reports/<kind>-latest.csv` read back, with its modification time (when that run wrote it) and its path relative
 * to BASE; undefined when there is none. An unreadable report is returned as its problem, for the preflight list.
 */
export const readLatestReport = (
  base: string,
  reportsDir: string,
  kind: ReportKind,
): ReportRead | {problem: string} | undefined => {
  const file = join(reportsDir, `${kind}-latest.csv`)
  if (!existsSync(file)) return undefined
  try {
    return {file: relative(base, file), rows: readCsvReport(file, {base}), time: statSync(file).mtime}
  } catch (error) {
    return {problem: `${relative(base, file)} cannot be read: ${(error as Error).message}`}
  }
}

/**
 * The rows of `reports/<kind>-latest.csv` before this run writes it (read under the lock), for mergeLatestRows; none,
 * or a report no longer readable, gives none: the run's own rows then make the latest report.
 */
export const previousLatestRows = (
  ctx: {base: string; layout: {reportsDir: string}},
  kind: ReportKind,
): Record<string, string>[] => {
  const read = readLatestReport(ctx.base, ctx.layout.reportsDir, kind)
  return read !== undefined && 'rows' in read ? [...read.rows] : []
}
