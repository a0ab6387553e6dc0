import type {CondaDep, EnvSpec} from '../env-spec.js'
import {formatCondaDep} from '../format-conda-dep.js'
import type {RepairContext, RepairResult} from './repair.js'

/** Leading numeric components (`3.10.4rc1` → [3, 10, 4]); enough to compare python versions. */
const numbers = (version: string): number[] => {
  const found: number[] = []
  for (const part of version.split('.')) {
    const match = /^\d+/.exec(part)
    if (match === null) break
    found.push(Number(match[0]))
  }

  return found
}

/** Compares the first `length` components (all when undefined); missing ones count as 0. */
const compare = (a: number[], b: number[], length = Math.max(a.length, b.length)): number => {
  for (let index = 0; index < length; index++) {
    const diff = (a[index] ?? 0) - (b[index] ?? 0)
    if (diff !== 0) return diff
  }

  return 0
}

/** Whether one constraint (`3.5`, `3.5.*`, `==3.9.7`, `<3.6`, `>=2.7`, `~=3.8`) admits a version ≥ min. */
const partAdmits = (part: string, min: number[]): boolean => {
  const match = /^(==|<=|>=|!=|~=|<|>|=)?\s*(.*)$/.exec(part.trim())
  const op = match?.[1] ?? ''
  const text = match?.[2] ?? ''
  const version = numbers(text)
  if (version.length === 0 || op === '>' || op === '>=' || op === '!=') return true
  if (op === '<') return compare(min, version) < 0
  if (op === '<=') return compare(min, version) <= 0
  // `==3.6` is exact; `3.6`, `=3.6` and `3.6.*` are prefixes (conda's fuzzy `=`); `~=3.8` is `>=3.8,==3.*`
  if (op === '==' && !text.includes('*')) return compare(version, min) >= 0
  const prefix = op === '~=' ? version.slice(0, -1) : version
  return prefix.length === 0 || compare(prefix, min, prefix.length) >= 0
}

/** Whether a conda version spec (`|` alternatives of `,` conjunctions) admits some version ≥ min. */
export const admitsAtLeast = (spec: string, minimum: string): boolean => {
  const min = numbers(minimum)
  return spec.split('|').some((alternative) => alternative.split(',').every((part) => partAdmits(part, min)))
}

const isPython = (dep: CondaDep): boolean => dep.name.toLowerCase() === 'python' && dep.version !== undefined

/**
 * A spec whose python pin is older than min_python (`python=2.7.13`, `python<3.6`) is refused before anything
 * is built: the new root's channels would not solve it, and the refusal says what a human can do instead.
 */
export const minPython = (spec: EnvSpec, ctx: RepairContext): RepairResult => {
  const old = spec.conda.filter((dep) => isPython(dep) && !admitsAtLeast(dep.version ?? '', ctx.minPython))
  if (old.length === 0) return {spec, changes: []}
  const pins = old.map(formatCondaDep).join(', ')
  return {
    spec,
    changes: [],
    refusal: {
      category: 'unsatisfiable',
      message: `python pin ${pins} is older than min_python ${ctx.minPython}`,
      remediation:
        `Pin python>=${ctx.minPython} in env_specs/overrides/${ctx.name}.yml (a repaired copy of the spec), ` +
        'or lower min_python in condamig.ini.',
      packages: old.map(formatCondaDep),
    },
  }
}
