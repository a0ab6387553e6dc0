import {parse} from 'csv-parse/sync'
import {stringify} from 'csv-stringify/sync'
import {execFileSync} from 'node:child_process'
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import type {EnvOutcome} from '../../../src/domain/outcome.js'
import {REPORT_COLUMNS, toReportRow, VERIFY_COLUMNS} from '../../../src/domain/report.js'
import {BadInputError} from '../../../src/errors.js'
import {readCsvReport, reportTimestamp, writeCsvReport} from '../../../src/system/csv-report.js'

const NOW = new Date('2026-11-26T12:13:14.567Z')
const RUN = reportTimestamp(NOW)

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'condamig-csv-'))
})
afterEach(() => {
  rmSync(dir, {recursive: true, force: true})
})

const outcome = (environment: string, overrides: Partial<EnvOutcome> = {}): EnvOutcome => ({
  environment,
  status: 'ok',
  log: `logs/${environment}.log`,
  durationS: 1,
  notes: [],
  ...overrides,
})

/** Outcomes whose cells hold everything that breaks naive CSV: commas, quotes, CR/LF, formulas, non-ASCII. */
const NASTY: EnvOutcome[] = [
  outcome('hlink', {
    status: 'failed',
    durationS: 42.25,
    failure: {
      stage: 'solve',
      category: 'unsatisfiable',
      packages: ['python=3.8', 'numpy=1.26'],
      message:
        'UnsatisfiableError: The following specifications were found\nto be incompatible, "with each other":\r\n  - a, b',
      remediation: "=cmd|' /C calc'!A0",
    },
  }),
  outcome('nhis_reformat', {
    status: 'failed',
    failure: {
      stage: 'git',
      category: 'git_manual',
      packages: ['-e git+https://example.org/x.git#egg=x'],
      message: '@SUM(1+1)',
      remediation: '+ install it by hand; see the log',
    },
  }),
  outcome('unicode_ü', {notes: ['naïve café — 中文 ✓ 🐍', '\ttabbed', ' leading space']}),
  outcome('old', {status: 'skipped', notes: ["'=already quoted"]}),
]

const ROWS = NASTY.map((item) => toReportRow(item))

/** A record per row, keyed by column: what readCsvReport should give back. */
const records = (columns: readonly string[], rows: string[][]) =>
  rows.map((row) => Object.fromEntries(columns.map((column, index) => [column, row[index]])))

describe('writeCsvReport', () => {
  it('writes <kind>-<UTC timestamp>.csv and the same content at <kind>-latest.csv', () => {
    const {path, latest} = writeCsvReport({dir, kind: 'replicate', columns: REPORT_COLUMNS, rows: ROWS, run: RUN})
    expect(path).toBe(join(dir, 'replicate-20261126T121314Z.csv'))
    expect(latest).toBe(join(dir, 'replicate-latest.csv'))
    expect(readFileSync(latest)).toEqual(readFileSync(path))
    expect(readdirSync(dir).sort()).toEqual(['replicate-20261126T121314Z.csv', 'replicate-latest.csv'])
  })

  it('writes RFC 4180: header row, CRLF records, quoted fields, UTF-8 without BOM, formulas neutralised', () => {
    const {path} = writeCsvReport({dir, kind: 'replicate', columns: REPORT_COLUMNS, rows: ROWS, run: RUN})
    const bytes = readFileSync(path)
    expect([...bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.toString('utf8')
    expect(text.startsWith('environment,status,stage,category,packages,message,remediation,log,duration_s\r\n')).toBe(
      true,
    )
    expect(text.endsWith('\r\n')).toBe(true)
    expect(text).toContain(
      `"UnsatisfiableError: The following specifications were found\nto be incompatible, ""with each other"":\r\n  - a, b"`,
    )
    expect(text).toContain(`'=cmd|' /C calc'!A0`)
    expect(text).toContain(`,'-e git+https://example.org/x.git#egg=x,'@SUM(1+1),'+ install it by hand; see the log,`)
    expect(text).toContain('naïve café — 中文 ✓ 🐍')
    expect(text).toContain(',42.3\r\n')
  })

  it('reads back every cell it wrote, modulo the neutralising quote', () => {
    const {path, latest} = writeCsvReport({dir, kind: 'replicate', columns: REPORT_COLUMNS, rows: ROWS, run: RUN})
    expect(readCsvReport(path)).toEqual(records(REPORT_COLUMNS, ROWS))
    expect(readCsvReport(latest)).toEqual(records(REPORT_COLUMNS, ROWS))
  })

  it('never overwrites an earlier report written in the same second', () => {
    const first = writeCsvReport({dir, kind: 'replicate', columns: REPORT_COLUMNS, rows: ROWS, run: RUN})
    const second = writeCsvReport({dir, kind: 'replicate', columns: REPORT_COLUMNS, rows: ROWS.slice(0, 1), run: RUN})
    const third = writeCsvReport({dir, kind: 'replicate', columns: REPORT_COLUMNS, rows: [], run: RUN})
    expect(second.path).toBe(join(dir, 'replicate-20261126T121314Z-2.csv'))
    expect(third.path).toBe(join(dir, 'replicate-20261126T121314Z-3.csv'))
    expect(readCsvReport(first.path)).toHaveLength(ROWS.length)
    expect(readCsvReport(second.path)).toHaveLength(1)
    expect(readCsvReport(third.latest)).toEqual([])
    expect(readdirSync(dir).filter((name) => name.startsWith('.'))).toEqual([])
  })

  it('writes a verify report with its own columns and name', () => {
    const row = [
      'hlink',
      'failed',
      'imports',
      'numpy pandas',
      'pandas',
      'ModuleNotFoundError',
      'Reinstall.',
      'l',
      '0.5',
    ]
    const {path, latest} = writeCsvReport({dir, kind: 'verify', columns: VERIFY_COLUMNS, rows: [row], run: RUN})
    expect(path).toBe(join(dir, 'verify-20261126T121314Z.csv'))
    expect(latest).toBe(join(dir, 'verify-latest.csv'))
    expect(readCsvReport(latest)).toEqual(records(VERIFY_COLUMNS, [row]))
  })

  it('creates the reports directory and refuses a row that does not fit the columns, writing nothing', () => {
    const nested = join(dir, 'reports')
    expect(() =>
      writeCsvReport({dir: nested, kind: 'replicate', columns: REPORT_COLUMNS, rows: [['x']], run: RUN}),
    ).toThrow('report row 1 has 1 cells for 9 columns')
    expect(existsSync(nested)).toBe(false)
    writeCsvReport({dir: nested, kind: 'replicate', columns: REPORT_COLUMNS, rows: ROWS, run: RUN})
    expect(readdirSync(nested)).toHaveLength(2)
  })

  it('stamps names in UTC', () => {
    expect(reportTimestamp(new Date('2026-01-02T03:04:05+02:00'))).toBe('20260102T010405Z')
  })
})

describe('readCsvReport', () => {
  it('reads a spreadsheet re-save: BOM, CRLF, reordered and extra columns, trailing empty rows', () => {
    const written = writeCsvReport({dir, kind: 'replicate', columns: REPORT_COLUMNS, rows: ROWS, run: RUN})
    // the cells as stored (still neutralised), re-saved in another column order with an added column
    const [header = [], ...stored] = parse(readFileSync(written.path, 'utf8'), {
      record_delimiter: ['\r\n'],
    }) as string[][]
    const order = [...header.keys()].reverse()
    const resaved = stringify(
      stored.map((row) => ['triaged by ana', ...order.map((index) => row[index] ?? '')]),
      {
        header: true,
        columns: ['Notes', ...order.map((index) => header[index] ?? '')],
        record_delimiter: 'windows',
        quoted: true,
      },
    )
    const file = join(dir, 'resaved.csv')
    writeFileSync(file, `\uFEFF${resaved},,,,,,,,,,\r\n\r\n\r\n`)
    expect(readCsvReport(file)).toEqual(
      records(REPORT_COLUMNS, ROWS).map((record) => ({notes: 'triaged by ana', ...record})),
    )
  })

  it('reads LF line endings, short rows and upper-case headers', () => {
    const file = join(dir, 'lf.csv')
    writeFileSync(file, 'Environment,STATUS,message\nhlink,failed,"two\nlines"\nold,skipped\n')
    expect(readCsvReport(file)).toEqual([
      {environment: 'hlink', status: 'failed', message: 'two\nlines'},
      {environment: 'old', status: 'skipped', message: ''},
    ])
  })

  it('refuses a CSV without environment and status columns, naming the file', () => {
    const file = join(dir, 'other.csv')
    writeFileSync(file, 'name,value\r\na,1\r\n')
    expect(() => readCsvReport(file)).toThrowError(BadInputError)
    expect(() => readCsvReport(file)).toThrowError(
      `${file}: not a condamig report (no 'environment' and 'status' columns)`,
    )
    writeFileSync(file, '')
    expect(() => readCsvReport(file)).toThrowError(`${file}: not a condamig report`)
  })

  it('refuses a file that is not CSV, and a missing file, naming it', () => {
    const file = join(dir, 'broken.csv')
    writeFileSync(file, 'environment,status\r\n"unclosed,ok\r\n')
    expect(() => readCsvReport(file)).toThrowError(new RegExp(`^${file}: not a readable CSV report \\(`))
    expect(() => readCsvReport(join(dir, 'none.csv'))).toThrowError(`${join(dir, 'none.csv')}: no such report`)
  })
})

const soffice = (() => {
  try {
    return execFileSync('which', ['soffice'], {encoding: 'utf8'}).trim() || undefined
  } catch {
    return undefined
  }
})()

describe('a spreadsheet opens the report', () => {
  it.skipIf(soffice === undefined)('[slow] converts to xlsx with LibreOffice', {timeout: 120_000}, () => {
    const {path} = writeCsvReport({dir, kind: 'replicate', columns: REPORT_COLUMNS, rows: ROWS, run: RUN})
    execFileSync(soffice ?? 'soffice', ['--headless', '--convert-to', 'xlsx', '--outdir', dir, path], {
      env: {...process.env, HOME: dir},
      stdio: 'ignore',
    })
    const xlsx = join(dir, 'replicate-20261126T121314Z.xlsx')
    expect(existsSync(xlsx)).toBe(true)
    expect(readFileSync(xlsx).subarray(0, 2).toString('latin1')).toBe('PK')
  })
})
