import {BadInputError} from '../../errors.js'
import type {CondaDep, EnvSpec, PipDep} from './env-spec.js'
import {parseCondaSpec} from './parse-conda-dep.js'
import {parsePipDep} from './parse-pip-dep.js'
import type {RawEnvFile, RawScalar} from './raw-env-file.js'

/** `file:line: value: what is wrong`, the shape every spec error has (STYLE §10). */
export const specError = (file: string, line: number, text: string, what: string): BadInputError =>
  new BadInputError('spec.bad-input', `${file}:${line}: ${text === '' ? '(empty)' : text}: ${what}`, {
    hint: 'Fix the environment file (or write a repaired copy in env_specs/overrides/NAME.yml) and run again.',
  })

const typeName = (value: unknown): string => (value === null ? 'empty' : `a ${typeof value}`)

/** A scalar that must be a string; YAML numbers and booleans (`- 3.8`, `- yes`) are not package specs. */
const text = (file: string, scalar: RawScalar, what: string): string => {
  if (typeof scalar.value === 'string') return scalar.value.trim()
  throw specError(
    file,
    scalar.line,
    scalar.text,
    `${what} must be a string, YAML reads this as ${typeName(scalar.value)}`,
  )
}

const condaDep = (file: string, scalar: RawScalar): CondaDep => {
  const raw = text(file, scalar, 'a dependency')
  const {dep, problem} = parseCondaSpec(raw, scalar.line)
  if (problem !== undefined) throw specError(file, scalar.line, raw, `not a conda package spec: ${problem}`)
  return dep
}

const pipDep = (file: string, scalar: RawScalar): PipDep => {
  const raw = text(file, scalar, 'a pip entry')
  if (raw === '') throw specError(file, scalar.line, raw, 'empty pip entry')
  return parsePipDep(raw, scalar.line)
}

/**
 * Validates what a reader found and builds the EnvSpec. Dependencies must be strings or the one `pip:` map
 * (anything else is a BadInputError naming the line); names and prefixes keep their source text.
 */
export const buildEnvSpec = (raw: RawEnvFile, file: string): EnvSpec => {
  const spec: EnvSpec = {channels: [], conda: [], pip: []}
  if (raw.name !== undefined && raw.name.value !== null) spec.name = raw.name.text.trim()
  if (raw.prefix !== undefined && raw.prefix.value !== null) spec.prefix = raw.prefix.text.trim()
  const channels = Array.isArray(raw.channels) ? raw.channels : raw.channels === undefined ? [] : [raw.channels]
  for (const channel of channels) {
    if (channel.value !== null) spec.channels.push(text(file, channel, 'a channel'))
  }

  for (const dep of raw.dependencies ?? []) {
    if (dep.kind === 'other') {
      throw specError(file, dep.line, dep.text, 'a dependency must be a package spec or the `pip:` list')
    }

    if (dep.kind === 'scalar') spec.conda.push(condaDep(file, dep.scalar))
    else for (const item of dep.items) spec.pip.push(pipDep(file, item))
  }

  if (raw.variables !== undefined) spec.variables = {...raw.variables}
  if (raw.warnings.length > 0) spec.warnings = [...raw.warnings]
  return spec
}
