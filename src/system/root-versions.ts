import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

/** Versions of named packages in a prefix, read from its conda-meta records (no conda process needed). */
export const readPackageVersions = (prefix: string, names: readonly string[]): Record<string, string> => {
  const found: Record<string, string> = {}
  let files: string[]
  try {
    files = readdirSync(join(prefix, 'conda-meta'))
  } catch {
    return found
  }

  for (const file of files) {
    const name = names.find((n) => file.startsWith(`${n}-`) && file.endsWith('.json'))
    if (!name || found[name]) continue
    try {
      const record = JSON.parse(readFileSync(join(prefix, 'conda-meta', file), 'utf8')) as {
        name?: string
        version?: string
      }
      if (record.name === name && record.version) found[name] = record.version
    } catch {
      // a torn record is conda's business; the version is simply unknown
    }
  }

  return found
}
