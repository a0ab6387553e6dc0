/** Small pure helpers shared by the presenters. */

/** 1536 → `1.5 KiB`. */
export const formatBytes = (bytes: number): string => {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }

  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`
}

/** A plain-text table: columns padded to the widest cell, two spaces apart. */
export const table = (header: readonly string[], rows: readonly (readonly string[])[]): string => {
  // a loop, not Math.max(...cells): a spread of a huge table overflows the call stack (issue 8e)
  const widths = header.map((cell) => cell.length)
  for (const row of rows) widths.forEach((width, i) => (widths[i] = Math.max(width, (row[i] ?? '').length)))
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd()
  return [line(header), ...rows.map(line)].join('\n')
}

/** A titled list, or nothing when empty. */
export const section = (title: string, lines: readonly string[]): string[] =>
  lines.length === 0 ? [] : ['', `${title}:`, ...lines.map((line) => `  ${line}`)]

/** `2026-11-26T12:13:14.000Z` → `2026-11-26 12:13`. */
export const shortTime = (iso: string | null | undefined): string => (iso ? iso.replace('T', ' ').slice(0, 16) : '-')
