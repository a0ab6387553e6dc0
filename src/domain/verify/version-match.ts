import {compareVersions} from '../version.js'

const PART = /^(==|!=|>=|<=|~=|>|<|=)?\s*([\w.!+*-]+)$/

const pieces = (version: string): string[] => version.toLowerCase().split(/[.+]/)

/** `1.21` admits `1.21`, `1.21.6` and `1.21.6.post1` but not `1.210`: whole dotted components. */
const hasPrefix = (installed: string, prefix: string): boolean => {
  const want = pieces(prefix.replace(/\.?\*$/, ''))
  const have = pieces(installed)
  return want.every((piece, index) => piece === '' || piece === have[index])
}

/** One constraint of a spec; undefined when it is not one condamig can read. */
const admits = (installed: string, part: string): boolean | undefined => {
  const match = PART.exec(part.trim())
  if (!match) return undefined
  const [, op = '', version = ''] = match
  const wildcard = version.endsWith('*')
  switch (op) {
    case '==':
      return wildcard ? hasPrefix(installed, version) : compareVersions(installed, version) === 0
    case '!=':
      return wildcard ? !hasPrefix(installed, version) : compareVersions(installed, version) !== 0
    case '>=':
      return compareVersions(installed, version) >= 0
    case '<=':
      return compareVersions(installed, version) <= 0
    case '>':
      return compareVersions(installed, version) > 0
    case '<':
      return compareVersions(installed, version) < 0
    case '~=': {
      const upper = version.split('.').slice(0, -1).join('.')
      return compareVersions(installed, version) >= 0 && (upper === '' || hasPrefix(installed, upper))
    }
    default:
      // conda's `name=1.21` and `name 1.21.*` are prefixes (an export's `numpy=1.21.6` pins one release)
      return hasPrefix(installed, version)
  }
}

/**
 * Whether an installed version satisfies a conda or pip version spec: `1.21.6`, `=1.21`, `==1.0`, `1.21.*`,
 * `>=1.2,<2`, `~=1.4`, `1.0|2.0`. True or false, or undefined when the spec is not something condamig reads (it is
 * then not counted as drift: verify reports what it can prove).
 */
export const versionMatches = (installed: string, spec: string): boolean | undefined => {
  let unknown = false
  for (const alternative of spec.split('|')) {
    const results = alternative.split(',').map((part) => admits(installed, part))
    if (results.includes(false)) continue
    if (results.includes(undefined)) unknown = true
    else return true
  }

  return unknown ? undefined : false
}
