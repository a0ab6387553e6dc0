import {BadInputError} from '../../errors.js'
import type {CondaDep, EnvSpec, PipDep, RefusedEntry} from './env-spec.js'
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

/** A channel or conda spec starting with `-`: conda's argument parser would read it as an option (`-c --override`). */
const OPTION_LIKE = 'starts with `-`: conda would read it as an option, not as'

const condaDep = (file: string, scalar: RawScalar, refused: RefusedEntry[]): CondaDep | undefined => {
  const raw = text(file, scalar, 'a dependency')
  if (raw.startsWith('-')) {
    refused.push({where: `${file}:${scalar.line}`, text: raw, why: `${OPTION_LIKE} a package spec`})
    return undefined
  }

  const {dep, problem} = parseCondaSpec(raw, scalar.line)
  if (problem !== undefined) throw specError(file, scalar.line, raw, `not a conda package spec: ${problem}`)
  return dep
}

const pipDep = (file: string, scalar: RawScalar, refused: RefusedEntry[]): PipDep | undefined => {
  const raw = text(file, scalar, 'a pip entry')
  if (raw === '') throw specError(file, scalar.line, raw, 'empty pip entry')
  const dep = parsePipDep(raw, scalar.line)
  if (dep.refused === undefined) return dep
  refused.push({where: `${file}:${scalar.line}`, text: dep.raw, why: dep.refused})
  return undefined
}

/**
 * Validates what a reader found and builds the EnvSpec. Dependencies must be strings or the one `pip:` map
 * (anything else is a BadInputError naming the line); names and prefixes keep their source text. Entries that
 * are not data (a channel or conda spec starting with `-`, a pip option condamig does not pass) are left out and
 * listed in `refused` with their file:line: the plan refuses the env, naming them all.
 */
export const buildEnvSpec = (raw: RawEnvFile, file: string): EnvSpec => {
  const spec: EnvSpec = {channels: [], conda: [], pip: []}
  const refused: RefusedEntry[] = []
  if (raw.name !== undefined && raw.name.value !== null) spec.name = raw.name.text.trim()
  if (raw.prefix !== undefined && raw.prefix.value !== null) spec.prefix = raw.prefix.text.trim()
  const channels = Array.isArray(raw.channels) ? raw.channels : raw.channels === undefined ? [] : [raw.channels]
  for (const channel of channels) {
    if (channel.value === null) continue
    const name = text(file, channel, 'a channel')
    if (name.startsWith('-'))
      refused.push({where: `${file}:${channel.line}`, text: name, why: `${OPTION_LIKE} a channel`})
    else spec.channels.push(name)
  }

  for (const dep of raw.dependencies ?? []) {
    if (dep.kind === 'other') {
      throw specError(file, dep.line, dep.text, 'a dependency must be a package spec or the `pip:` list')
    }

    if (dep.kind === 'scalar') {
      const conda = condaDep(file, dep.scalar, refused)
      if (conda !== undefined) spec.conda.push(conda)
    } else {
      for (const item of dep.items) {
        const pip = pipDep(file, item, refused)
        if (pip !== undefined) spec.pip.push(pip)
      }
    }
  }

  if (raw.variables !== undefined) spec.variables = {...raw.variables}
  if (raw.warnings.length > 0) spec.warnings = [...raw.warnings]
  if (refused.length > 0) spec.refused = refused
  return spec
}
