import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {metadataName, originFromDirectUrl} from '../domain/spec/direct-url.js'
import type {PipOrigin} from '../domain/spec/pip-origin.js'

/** `lib/pythonX.Y/site-packages` directories of an env (normally one). */
const sitePackagesDirs = (prefix: string): string[] => {
  const lib = join(prefix, 'lib')
  if (!existsSync(lib)) return []
  return readdirSync(lib)
    .filter((name) => /^python\d/.test(name))
    .map((name) => join(lib, name, 'site-packages'))
    .filter((dir) => existsSync(dir))
}

/**
 * Where the env's pip packages came from, from their `direct_url.json`: the origin `conda env export` loses
 * (a git install is exported as plain `name==version`, transcripts README point 7).
 */
export const readPipOrigins = (prefix: string): PipOrigin[] =>
  sitePackagesDirs(prefix).flatMap((dir) =>
    readdirSync(dir)
      .filter((entry) => entry.endsWith('.dist-info') && existsSync(join(dir, entry, 'direct_url.json')))
      .flatMap((entry) => {
        const distInfo = join(dir, entry)
        const metadata = existsSync(join(distInfo, 'METADATA')) ? readFileSync(join(distInfo, 'METADATA'), 'utf8') : ''
        const name = metadataName(metadata) ?? entry.replace(/-[^-]+\.dist-info$/, '')
        const origin = originFromDirectUrl(name, readFileSync(join(distInfo, 'direct_url.json'), 'utf8'))
        return origin ? [origin] : []
      }),
  )
