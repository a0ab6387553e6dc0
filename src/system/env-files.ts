import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {normalizeName} from '../domain/spec/pep503.js'
import type {InstalledPackage} from '../domain/verify/drift.js'

type CondaRecord = {name: string; version: string; channel: string; url?: string; md5?: string; files: string[]}

const recordsOf = (prefix: string): CondaRecord[] => {
  let entries: string[]
  try {
    entries = readdirSync(join(prefix, 'conda-meta')).filter((file) => file.endsWith('.json'))
  } catch {
    return []
  }

  return entries.flatMap((file): CondaRecord[] => {
    try {
      const record = JSON.parse(readFileSync(join(prefix, 'conda-meta', file), 'utf8')) as Record<string, unknown>
      if (typeof record.name !== 'string' || typeof record.version !== 'string') return []
      const files = Array.isArray(record.files) ? record.files.filter((f): f is string => typeof f === 'string') : []
      return [
        {
          name: record.name,
          version: record.version,
          channel: typeof record.channel === 'string' ? record.channel : '',
          ...(typeof record.url === 'string' && {url: record.url}),
          ...(typeof record.md5 === 'string' && {md5: record.md5}),
          files,
        },
      ]
    } catch {
      return [] // a torn record: conda's business, not a package condamig can name
    }
  })
}

/** `name-version.dist-info` / `.egg-info` → [name, version]. */
const distOf = (entry: string): [string, string] | undefined => {
  const match = /^(.+?)-([^-]+?)(?:-py\d[\w.]*)?\.(?:dist|egg)-info$/.exec(entry)
  return match?.[1] && match[2] ? [match[1], match[2]] : undefined
}

/**
 * What `conda list --json` would list, read from the files only (conda-meta records, then the dist-info / egg-info
 * of site-packages that no conda record owns, as channel `pypi`): conda itself may write while listing (it deletes
 * the record of a package pip clobbered, real 23.7.4 and 26.7.1), and condamig never writes in the current root.
 */
export const readInstalledPackages = (prefix: string): InstalledPackage[] => {
  const records = recordsOf(prefix)
  const owned = new Set(records.flatMap((record) => record.files.map((file) => file.split('/').slice(0, 4).join('/'))))
  const packages: InstalledPackage[] = records.map(({name, version, channel}) => ({name, version, channel}))
  const conda = new Set(records.map((record) => normalizeName(record.name)))
  let libs: string[]
  try {
    libs = readdirSync(join(prefix, 'lib')).filter((name) => /^python\d/.test(name))
  } catch {
    return packages
  }

  for (const lib of libs) {
    const site = `lib/${lib}/site-packages`
    let entries: string[]
    try {
      entries = readdirSync(join(prefix, site))
    } catch {
      continue
    }

    for (const entry of entries) {
      const dist = distOf(entry)
      if (!dist || owned.has(`${site}/${entry}`)) continue
      // a conda package's files replaced by pip: pip's dist-info is not the record's, the project is pip's now
      if (conda.has(normalizeName(dist[0]))) {
        const index = packages.findIndex(
          (p) => p.channel !== 'pypi' && normalizeName(p.name) === normalizeName(dist[0]),
        )
        if (index >= 0) packages.splice(index, 1)
      }
      packages.push({name: dist[0], version: dist[1], channel: 'pypi'})
    }
  }

  return packages
}

/** The `@EXPLICIT` URLs of an env (what `conda list --explicit` prints), read from its conda-meta records. */
export const readExplicitUrls = (prefix: string): string[] =>
  recordsOf(prefix)
    .flatMap((record) => (record.url ? [record.url] : []))
    .sort()
