/**
 * The rows of `reports/<kind>-latest.csv` after a run (CONTRACT §4): the latest outcome of every environment in
 * `keep` (those now marked REPLICATE), in `keep`'s order. An env this run attempted gets this run's rows; any other
 * keeps its rows of the previous latest report, so a run over a subset (`--env`, `--retry-failed`) updates just its
 * rows; an env no longer in `keep` drops out. A previous row (keyed by lower-cased column name, as readCsvReport
 * gives it) is laid out in `columns` order, missing cells empty. An env may have several rows (verify: one per
 * check). Pure.
 */
export const mergeLatestRows = (input: {
  columns: readonly string[]
  previous: readonly Record<string, string>[]
  rows: readonly (readonly string[])[]
  keep: readonly string[]
}): string[][] => {
  const ran = new Set(input.rows.map((row) => row[0] ?? ''))
  const rowsOf = (env: string): string[][] =>
    ran.has(env)
      ? input.rows.filter((row) => row[0] === env).map((row) => [...row])
      : input.previous
          .filter((row) => row.environment === env)
          .map((row) => input.columns.map((column) => row[column] ?? ''))
  const envs = [...new Set(input.keep), ...[...ran].filter((env) => !input.keep.includes(env))]
  return envs.flatMap((env) => rowsOf(env))
}
