// The rows of a benchmark summary: a measured number, its goal, and whether it met it.

/** A goal: the measured value must be at most (`<=`) or at least (`>=`) `limit`. */
export type Goal = {op: '<=' | '>='; limit: number}

/** One measured number. Without a goal it is context (a baseline, a control count), shown as `info`. */
export type Check = {bench: string; metric: string; value: number; unit: string; goal?: Goal}

/** PASS / MISS against the goal, `info` when there is none. */
export const verdict = (check: Check): 'PASS' | 'MISS' | 'info' => {
  if (!check.goal) return 'info'
  const {op, limit} = check.goal
  return (op === '<=' ? check.value <= limit : check.value >= limit) ? 'PASS' : 'MISS'
}

const formatValue = (value: number): string => {
  if (!Number.isFinite(value)) return String(value)
  if (Number.isInteger(value)) return String(value)
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2)
}

const withUnit = (value: string, unit: string): string =>
  unit === '' ? value : unit === '×' ? `${value}×` : `${value} ${unit}`

/** A fixed-width text table of the checks: bench, metric, value, goal, verdict. */
export const renderTable = (checks: readonly Check[]): string => {
  const rows = checks.map((check) => [
    check.bench,
    check.metric,
    withUnit(formatValue(check.value), check.unit),
    check.goal ? `${check.goal.op} ${withUnit(formatValue(check.goal.limit), check.unit)}` : '—',
    verdict(check),
  ])
  const header = ['bench', 'metric', 'measured', 'goal', 'result']
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)))
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 2 || column === 3 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd()
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n')
}
