import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {parse} from 'yaml'

import type {AppContext} from '../../context.js'
import {condarcChannels, type CondarcChannels} from '../../domain/verify/root-check.js'
import {writeFileAtomic} from '../../system/atomic-write.js'
import {reportTimestamp} from '../../system/csv-report.js'
import {condarcTokens, renderTemplateFile} from '../../system/templates.js'

export type CondarcWritten = CondarcChannels & {
  file: string
  pkgsDirs: string[]
  /** Where the root's previous `.condarc` was kept, when there was one with other content. */
  backup?: string
}

/** The `channels:` of a root's own `.condarc` (what the installer shipped), or undefined. */
const shippedChannels = (text: string | undefined): string[] | undefined => {
  if (text === undefined) return undefined
  try {
    const document = parse(text) as {channels?: unknown} | null
    const channels = document?.channels
    return Array.isArray(channels) ? channels.filter((c): c is string => typeof c === 'string') : undefined
  } catch {
    return undefined // a broken .condarc ships nothing usable; it is kept as the backup
  }
}

/**
 * Writes ROOT/.condarc from templates/condarc.yml: channels (configured, else shipped, else defaults), the root's
 * own pkgs/ then the per-user cache, `auto_update_conda: false`. With `keepPrevious` (an adopted root, whose
 * configuration is someone's work) a previous file with other content is kept beside it as
 * `.condarc.condamig-<UTC>.bak` first; what an installer just shipped is only read for its channels.
 */
export const writeCondarc = (
  ctx: Pick<AppContext, 'base' | 'templatesDir' | 'now'>,
  root: string,
  configured: readonly string[],
  options: {keepPrevious: boolean},
): CondarcWritten => {
  const file = join(root, '.condarc')
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : undefined
  const chosen = condarcChannels(configured, shippedChannels(previous))
  const pkgsDirs = [join(root, 'pkgs'), '~/.conda/pkgs']
  const text = renderTemplateFile(ctx.templatesDir, 'condarc.yml', condarcTokens({channels: chosen.channels, pkgsDirs}))
  let backup: string | undefined
  if (options.keepPrevious && previous !== undefined && previous !== text) {
    backup = `${file}.condamig-${reportTimestamp(ctx.now())}.bak`
    writeFileAtomic(backup, previous, {shared: ctx.base})
  }

  writeFileAtomic(file, text, {shared: ctx.base})
  return {...chosen, file, pkgsDirs, ...(backup && {backup})}
}
