import {existsSync, readdirSync} from 'node:fs'
import {join} from 'node:path'

import {metadataName, originFromDirectUrl} from '../domain/spec/direct-url.js'
import type {PipOrigin} from '../domain/spec/pip-origin.js'
import {isCondamigError} from '../errors.js'
import {readBaseFile} from './safe-read.js'

/** `lib/pythonX.Y/site-packages` directories of an env (normally one). */
const sitePackagesDirs = (prefix: string): string[] => {
  const lib = join(prefix, 'lib')
  if (!existsSync(lib)) return []
  return readdirSync(lib)
    .filter((name) => /^python\d/.test(name))
    .map((name) => join(lib, name, 'site-packages'))
    .filter((dir) => existsSync(dir))
}

/** METADATA and direct_url.json are small; a dist-info file that is not a regular file of sane size is skipped. */
const MAX_DIST_INFO_BYTES = 4 * 1024 * 1024

/**
 * A dist-info file as text, or undefined when it is missing or not something to read: a FIFO or a device (it would
 * block the export), a symlink (it could lead anywhere; its text would land in the group-readable meta.json).
 */
const readDistInfo = (file: string): string | undefined => {
  try {
    return readBaseFile(file, {what: 'dist-info file', maxBytes: MAX_DIST_INFO_BYTES})
  } catch (error) {
    if (isCondamigError(error)) return undefined // the origins are a bonus: the export goes on without this one
    throw error
  }
}

/**
 * Where the env's pip packages came from, from their `direct_url.json`: the origin `conda env export` loses
 * (a git install is exported as plain `name==version`, transcripts README point 7).
 */
export const readPipOrigins = (prefix: string): PipOrigin[] =>
  sitePackagesDirs(prefix).flatMap((dir) =>
    readdirSync(dir)
      .filter((entry) => entry.endsWith('.dist-info'))
      .flatMap((entry) => {
        const distInfo = join(dir, entry)
        const directUrl = readDistInfo(join(distInfo, 'direct_url.json'))
        if (directUrl === undefined) return []
        const metadata = readDistInfo(join(distInfo, 'METADATA')) ?? ''
        const name = metadataName(metadata) ?? entry.replace(/-[^-]+\.dist-info$/, '')
        const origin = originFromDirectUrl(name, directUrl)
        return origin ? [origin] : []
      }),
  )
