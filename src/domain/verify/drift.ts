import {normalizeName} from '../spec/pep503.js'
import type {VerifyCheckResult} from '../verify-outcome.js'
import type {ExpectedPackage} from './expected-packages.js'
import {versionMatches} from './version-match.js'

/** One package of `conda list --json`; pip-installed ones come with channel `pypi`. */
export type InstalledPackage = {name: string; version: string; channel: string}

/** A package whose qa version disagrees with the spec (or is missing), or differs from current's. */
export type DriftLine = {package: string; spec?: string; qa?: string; current?: string}

export type Drift = {
  /** Packages of the spec looked at. */
  compared: number
  /** Missing in qa, or a version the spec does not admit: the env is not what the spec says. */
  againstSpec: DriftLine[]
  /** The spec is satisfied but current has another version: listed, not a failure (overrides change versions). */
  againstCurrent: DriftLine[]
}

/**
 * conda names compare exactly (`ruamel.yaml` and `ruamel_yaml` are two conda packages); pip names per PEP 503, and a
 * pip requirement may be met by the conda package of the same normalised name (dedupe-pip drops such entries).
 */
const finder = (installed: readonly InstalledPackage[]) => {
  const conda = new Map(installed.filter((p) => p.channel !== 'pypi').map((p) => [p.name.toLowerCase(), p]))
  const pip = new Map(installed.filter((p) => p.channel === 'pypi').map((p) => [normalizeName(p.name), p]))
  const condaByPipName = new Map([...conda.values()].map((p) => [normalizeName(p.name), p]))
  return (want: ExpectedPackage): InstalledPackage | undefined =>
    want.source === 'conda'
      ? (conda.get(want.name.toLowerCase()) ?? pip.get(normalizeName(want.name)))
      : (pip.get(normalizeName(want.name)) ?? condaByPipName.get(normalizeName(want.name)))
}

/** Compares qa with the spec and, when it is there, the same env in current. Pure. */
export const computeDrift = (
  expected: readonly ExpectedPackage[],
  qa: readonly InstalledPackage[],
  current?: readonly InstalledPackage[],
): Drift => {
  const inQa = finder(qa)
  const inCurrent = current ? finder(current) : () => undefined
  const drift: Drift = {compared: expected.length, againstSpec: [], againstCurrent: []}
  for (const want of expected) {
    const have = inQa(want)
    const old = inCurrent(want)
    const line: DriftLine = {package: want.name, spec: want.version, qa: have?.version, current: old?.version}
    if (!have || (want.version !== undefined && versionMatches(have.version, want.version) === false)) {
      drift.againstSpec.push(line)
    } else if (old && old.version !== have.version) drift.againstCurrent.push(line)
  }

  return drift
}

/** `numpy: qa 1.26.4, spec 1.21.6, current 1.21.6`. */
export const describeDriftLine = (line: DriftLine): string =>
  `${line.package}: ${[
    `qa ${line.qa ?? 'missing'}`,
    line.spec === undefined ? '' : `spec ${line.spec}`,
    line.current === undefined ? '' : `current ${line.current}`,
  ]
    .filter(Boolean)
    .join(', ')}`

/** The `drift` check of one env: failed when qa does not satisfy its spec; differences from current are listed. */
export const driftCheck = (
  env: string,
  drift: Drift,
  against: {spec: string; current: boolean},
): Omit<VerifyCheckResult, 'durationS'> => {
  const detail = `${drift.compared} package(s) vs ${against.spec}${against.current ? ' and current' : ''}`
  const fromCurrent = drift.againstCurrent.map((line) => `differs from current: ${describeDriftLine(line)}`)
  if (drift.againstSpec.length === 0) {
    return {check: 'drift', status: 'ok', detail, packages: [], message: fromCurrent.join('\n'), remediation: ''}
  }

  return {
    check: 'drift',
    status: 'failed',
    detail,
    packages: drift.againstSpec.map((line) => line.package),
    message: [...drift.againstSpec.map(describeDriftLine), ...fromCurrent].join('\n'),
    remediation:
      `Rebuild it with condamig replicate --env ${env}; if the new channels lack a pinned version, ` +
      `repair env_specs/overrides/${env}.yml first.`,
  }
}
