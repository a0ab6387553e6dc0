import {parse} from 'csv-parse/sync'
import {stringify} from 'csv-stringify/sync'
import {existsSync, linkSync, rmSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {neutraliseFormula, unneutraliseFormula} from '../domain/report.js'
import {BadInputError} from '../errors.js'
import {tempSibling, writeFileAtomic} from './atomic-write.js'
import {confineTo} from './base-confinement.js'
import {readBaseFile} from './safe-read.js'

export type ReportKind = 'replicate' | 'verify'

export type CsvReportInput = {
  /** `BASE/reports`, created when missing. */
  dir: string
  kind: ReportKind
  /** REPORT_COLUMNS or VERIFY_COLUMNS, optionally followed by more. */
  columns: readonly string[]
  rows: readonly (readonly string[])[]
  /** What `<kind>-latest.csv` holds when it is not just this run's rows (a subset run: mergeLatestRows). */
  latestRows?: readonly (readonly string[])[]
  /** The run id (reportTimestamp of the run's start): it also names the run's log folder (CONTRACT §4). */
  run: string
  /** BASE: give the files the shared-base permissions (group-readable whatever the umask). */
  shared?: string
}

/** `20261126T121314Z`: UTC, sortable, safe in a file name on every filesystem. */
export const reportTimestamp = (now: Date): string =>
  now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(/[-:]/g, '')

/**
 * The report as RFC 4180 text: header row, CRLF after every record, a field quoted when it holds a comma, a quote,
 * CR or LF (csv-stringify alone does not quote a bare LF, hence `quoted_match`), formula cells neutralised.
 * UTF-8 without a BOM: a BOM would become part of the first column's name for scripts (Python's csv, csvkit, awk);
 * LibreOffice asks for the encoding, and Excel users open it with Data > From Text/CSV (UTF-8).
 */
export const renderCsvReport = (columns: readonly string[], rows: readonly (readonly string[])[]): string => {
  for (const [index, row] of rows.entries()) {
    if (row.length !== columns.length) {
      throw new Error(`report row ${index + 1} has ${row.length} cells for ${columns.length} columns`)
    }
  }

  return stringify(
    rows.map((row) => row.map((cell) => neutraliseFormula(cell))),
    {header: true, columns: [...columns], record_delimiter: 'windows', quoted_match: /[\r\n]/},
  )
}

/**
 * Writes `<dir>/<kind>-<run id>.csv` and the same content (or `latestRows`) at `<dir>/<kind>-latest.csv`
 * (CONTRACT §4), each atomically: a reader sees no file or a whole one, never half. The run's name is claimed with
 * link(2), which never replaces an existing file, so a second report of the same run id becomes `…Z-2.csv` instead
 * of overwriting.
 */
export const writeCsvReport = (input: CsvReportInput): {path: string; latest: string} => {
  const content = renderCsvReport(input.columns, input.rows)
  const stem = `${input.kind}-${input.run}`
  const staged = tempSibling(join(input.dir, `${stem}.csv`))
  const shared = {shared: input.shared}
  writeFileAtomic(staged, content, shared)
  let path: string
  try {
    path = claimName(input.dir, stem, staged, content, shared)
  } finally {
    rmSync(staged, {force: true})
  }

  const latest = join(input.dir, `${input.kind}-latest.csv`)
  const latestContent = input.latestRows ? renderCsvReport(input.columns, input.latestRows) : content
  writeFileAtomic(latest, latestContent, shared)
  return {path, latest}
}

const claimName = (dir: string, stem: string, staged: string, content: string, shared: {shared?: string}): string => {
  for (let attempt = 1; attempt < 1000; attempt++) {
    const candidate = join(dir, attempt === 1 ? `${stem}.csv` : `${stem}-${attempt}.csv`)
    try {
      linkSync(staged, candidate)
      return candidate
    } catch (error) {
      if (errorCode(error) === 'EEXIST') continue
      if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(errorCode(error) ?? '')) throw error
      // no hard links here (some FUSE/SMB mounts): check, then rename; runs that write reports hold the lock
      if (existsSync(candidate)) continue
      writeFileAtomic(candidate, content, shared)
      return candidate
    }
  }

  throw new Error(`no free report name for ${join(dir, stem)}.csv after 999 attempts`)
}

/** A report of tens of thousands of envs stays far below this; anything larger is not one. */
const MAX_REPORT_BYTES = 256 * 1024 * 1024

/**
 * Reads a report back as one record per row, keyed by lower-cased column name, formula neutralisation undone.
 * Tolerates what a spreadsheet re-save does: a BOM, CRLF or LF (even mixed), reordered or extra columns, missing
 * trailing cells, trailing empty rows, quoted newlines. A file without `environment` and `status` columns, or one
 * that is not CSV, is a BadInputError naming the file. The report is read only as a regular file inside BASE
 * (`base`, by default the folder above `reports/`): a FIFO, a device or a link leading elsewhere is a typed error
 * naming it (system/safe-read.ts), never parsed.
 */
export const readCsvReport = (path: string, options: {base?: string} = {}): Record<string, string>[] => {
  const text = readBaseFile(path, {
    what: 'report',
    within: confineTo(options.base ?? dirname(dirname(path))),
    maxBytes: MAX_REPORT_BYTES,
  })
  if (text === undefined) throw new BadInputError('report.missing', `${path}: no such report`)
  let records: string[][]
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n', '\r'],
    })
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)
    throw new BadInputError('report.unreadable', `${path}: not a readable CSV report (${reason})`)
  }

  const [header = [], ...rows] = records
  const names = header.map((name) => name.trim().toLowerCase())
  if (!names.includes('environment') || !names.includes('status')) {
    throw new BadInputError(
      'report.not-a-report',
      `${path}: not a condamig report (no 'environment' and 'status' columns)`,
    )
  }

  return rows
    .filter((row) => row.some((cell) => cell.trim() !== ''))
    .map((row) => {
      // first column of a name wins; unnamed columns (a spreadsheet's stray cells) are dropped; fromEntries makes
      // own properties even for names like `__proto__`
      const seen = new Set<string>()
      const cells: [string, string][] = []
      for (const [index, name] of names.entries()) {
        if (name === '' || seen.has(name)) continue
        seen.add(name)
        cells.push([name, unneutraliseFormula(row[index] ?? '')])
      }

      return Object.fromEntries(cells)
    })
}

const errorCode = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined
