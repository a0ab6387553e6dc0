import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {normalizeName} from '../../domain/spec/pep503.js'
import type {ExpectedPackage} from '../../domain/verify/expected-packages.js'
import {topLevelModules} from '../../domain/verify/import-names.js'

const readJson = (file: string): Record<string, unknown> | undefined => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  } catch {
    return undefined // a torn record: the package is simply not probed
  }
}

const readLines = (file: string): string[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .map((line) => line.split(',')[0]?.trim() ?? '')
    : []

/** conda packages: modules from the `files` of their conda-meta record, keyed by lower-cased name. */
const condaModules = (prefix: string): Map<string, string[]> => {
  const dir = join(prefix, 'conda-meta')
  const found = new Map<string, string[]>()
  if (!existsSync(dir)) return found
  for (const entry of readdirSync(dir).filter((file) => file.endsWith('.json'))) {
    const record = readJson(join(dir, entry))
    if (typeof record?.name !== 'string' || !Array.isArray(record.files)) continue
    const files = record.files.filter((file): file is string => typeof file === 'string')
    found.set(record.name.toLowerCase(), topLevelModules(files))
  }

  return found
}

/** pip packages: modules from `top_level.txt`, else RECORD, of each dist-info, keyed by PEP 503 name. */
const pipModules = (prefix: string): Map<string, string[]> => {
  const found = new Map<string, string[]>()
  const lib = join(prefix, 'lib')
  if (!existsSync(lib)) return found
  for (const python of readdirSync(lib).filter((name) => /^python\d/.test(name))) {
    const site = join(lib, python, 'site-packages')
    if (!existsSync(site)) continue
    for (const entry of readdirSync(site).filter((name) => name.endsWith('.dist-info'))) {
      const name = normalizeName(entry.replace(/-[^-]+\.dist-info$/, ''))
      const topLevel = readLines(join(site, entry, 'top_level.txt')).filter(Boolean)
      const modules =
        topLevel.length > 0
          ? topLevelModules(
              topLevel.map((module) => `${module}.py`),
              'site-packages',
            )
          : topLevelModules(readLines(join(site, entry, 'RECORD')), 'site-packages')
      found.set(name, modules)
    }
  }

  return found
}

/**
 * The top-level modules each package of an env installs, read from disk (conda-meta records, pip's dist-info),
 * for picking what verify imports. A conda package is looked up by its conda name, a pip one by its PEP 503 name.
 */
export const envModules = (prefix: string): ((pkg: ExpectedPackage) => string[]) => {
  const conda = condaModules(prefix)
  const pip = pipModules(prefix)
  return (pkg) =>
    (pkg.source === 'conda' ? conda.get(pkg.name.toLowerCase()) : undefined) ?? pip.get(normalizeName(pkg.name)) ?? []
}
