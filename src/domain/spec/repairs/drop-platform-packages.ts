import type {SpecChange} from '../env-plan.js'
import type {EnvSpec} from '../env-spec.js'
import {normalizeName} from '../pep503.js'
import type {RepairResult} from './repair.js'

/** One kind of platform-only package; names compare PEP 503 normalised, patterns see normalised names. */
type PlatformOnly = {
  why: string
  names?: string[]
  pattern?: RegExp
  /** Only some versions are platform-only. */
  versions?: (version: string | undefined) => boolean
  /** The pip entry of that name goes too (pip cannot build it on linux either). */
  pip?: boolean
}

/**
 * Packages that exist only on Windows or macOS, so a linux root cannot install them. Deliberately NOT here,
 * because they also exist for linux: libcxx, libcxxabi (conda-forge builds it for linux only), llvm-openmp,
 * tapi and cctools/ld64 (conda-forge's macOS cross-toolchain runs on linux), pywin32-ctypes (pure python),
 * intel-openmp, mkl, and menuinst 2.x (cross-platform since 2.0).
 */
export const PLATFORM_ONLY: readonly PlatformOnly[] = [
  {names: ['pywin32', 'pypiwin32'], why: 'Windows API bindings: Windows only', pip: true},
  {names: ['pywinpty', 'winpty'], why: 'Windows pseudo-terminal: Windows only', pip: true},
  {names: ['vc', 'vc14-runtime', 'ucrt', 'msys2-conda-epoch'], why: 'Windows C runtime: Windows only'},
  {pattern: /^vs20\d\d-(?:runtime|win-\d+)$/, why: 'Visual Studio runtime: Windows only'},
  {pattern: /^m2w64-/, why: 'MinGW-w64 toolchain for Windows: Windows only'},
  {pattern: /^(?:msys2|m2)-/, why: 'MSYS2 package: Windows only'},
  {names: ['icc-rt'], why: 'Intel compiler runtime of Windows builds: Windows only'},
  {names: ['console-shortcut', 'powershell-shortcut'], why: 'start-menu shortcut: Windows only'},
  {names: ['wincertstore', 'win-inet-pton'], why: 'Windows-only helper', pip: true},
  {
    names: ['menuinst'],
    versions: (version) => version !== undefined && /^[<=~]*[01]\./.test(version),
    why: 'menuinst 1.x is Windows only (2.x exists for linux)',
  },
  {names: ['appnope'], why: 'disables macOS App Nap: macOS only'},
  {names: ['python.app'], why: 'macOS framework launcher: macOS only'},
  {names: ['pyobjc'], pattern: /^pyobjc-/, why: 'Objective-C bridge: macOS only', pip: true},
]

const BY_NAME = new Map(
  PLATFORM_ONLY.flatMap((entry) => (entry.names ?? []).map((name) => [normalizeName(name), entry] as const)),
)
const PATTERNED = PLATFORM_ONLY.filter((entry) => entry.pattern !== undefined)
/** One test that rules out almost every name before the patterns are tried one by one. */
const ANY_PATTERN = new RegExp(PATTERNED.map((entry) => `(?:${entry.pattern?.source})`).join('|'))

const platformOnly = (name: string, version: string | undefined, pip: boolean): PlatformOnly | undefined => {
  const key = normalizeName(name)
  const entry =
    BY_NAME.get(key) ?? (ANY_PATTERN.test(key) ? PATTERNED.find((each) => each.pattern?.test(key)) : undefined)
  if (entry === undefined || (pip && entry.pip !== true)) return undefined
  return entry.versions === undefined || entry.versions(version) ? entry : undefined
}

/** Packages that exist only on Windows or macOS are dropped from the spec, each with its reason. */
export const dropPlatformPackages = (spec: EnvSpec): RepairResult => {
  const changes: SpecChange[] = []
  const conda = spec.conda.filter((dep) => {
    const hit = platformOnly(dep.name, dep.version, false)
    if (hit !== undefined) changes.push({rule: 'platform-dropped', subject: dep.raw, reason: hit.why})
    return hit === undefined
  })
  const pip = spec.pip.filter((dep) => {
    const hit = dep.kind === 'requirement' && dep.name ? platformOnly(dep.name, undefined, true) : undefined
    if (hit !== undefined) changes.push({rule: 'platform-dropped', subject: dep.raw, reason: `${hit.why} (pip)`})
    return hit === undefined
  })
  return {spec: {...spec, conda, pip}, changes}
}
