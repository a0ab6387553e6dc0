import type {EnvSpec} from './env-spec.js'
import {formatCondaDep} from './format-conda-dep.js'

/** Plain scalars YAML would read as something other than this string (numbers, booleans, null, indicators). */
const NEEDS_QUOTES =
  /^(?:$|[-?:,[\]{}#&*!|>'"%@`\s]|(?:~|null|true|false|[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?|0o[0-7]+|0x[\da-f]+|[-+]?\.inf|\.nan)$)|:(?:\s|$)|\s#|\s$/i

/** A YAML scalar for one value: plain when that reads back the same, single-quoted otherwise. */
const scalar = (value: string): string => {
  if (/[\n\r\t\\]/.test(value)) return JSON.stringify(value)
  return NEEDS_QUOTES.test(value) ? `'${value.replaceAll("'", "''")}'` : value
}

/**
 * A clean environment.yml for the spec: `name`, `channels`, `dependencies` (conda specs as match specs, then the
 * `pip:` list last), `variables`; never `prefix` (it names the OLD root). Pip entries are written as parsed.
 * `parseExport(serializeSpec(spec))` gives the same dependencies back.
 */
export const serializeSpec = (spec: EnvSpec): string => {
  // one push per line, never push(...lines): a spread of 200,000 dependencies overflows the call stack (issue 8e)
  const lines: string[] = []
  if (spec.name !== undefined) lines.push(`name: ${scalar(spec.name)}`)
  if (spec.channels.length > 0) lines.push('channels:')
  for (const channel of spec.channels) lines.push(`  - ${scalar(channel)}`)
  lines.push(spec.conda.length === 0 && spec.pip.length === 0 ? 'dependencies: []' : 'dependencies:')
  for (const dep of spec.conda) lines.push(`  - ${scalar(formatCondaDep(dep))}`)
  if (spec.pip.length > 0) lines.push('  - pip:')
  for (const dep of spec.pip) lines.push(`      - ${scalar(dep.raw)}`)
  const variables = Object.entries(spec.variables ?? {})
  if (variables.length > 0) lines.push('variables:')
  for (const [key, value] of variables) lines.push(`  ${scalar(key)}: ${scalar(value)}`)
  return `${lines.join('\n')}\n`
}
