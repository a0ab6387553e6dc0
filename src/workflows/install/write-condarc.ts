import {join} from 'node:path'
import {parse} from 'yaml'

import type {AppContext} from '../../context.js'
import {mergeCondarc, type CondarcMerge} from '../../domain/install/merge-condarc.js'
import type {Settings} from '../../domain/settings.js'
import {condarcChannels, type CondarcChannels} from '../../domain/verify/root-check.js'
import {writeFileAtomic} from '../../system/atomic-write.js'
import {reportTimestamp} from '../../system/csv-report.js'
import {readCondarcFile} from '../../system/read-condarc.js'
import {condarcTokens, renderTemplateFile} from '../../system/templates.js'

export type CondarcWritten = CondarcChannels &
  Omit<CondarcMerge, 'text'> & {
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
 * Writes ROOT/.condarc by merging into what the installer shipped (CONTRACT §5): channels (configured, else
 * shipped, else defaults), the root's own pkgs/ then the per-user cache, `auto_update_conda: false`; every other
 * shipped key (`solver`, `channel_alias`, proxy and SSL settings, …) kept; and from the current root's `.condarc`
 * what `defaults` and channel names meant there (see mergeCondarc). With `keepPrevious` (an adopted root, whose
 * configuration is someone's work) a previous file with other content is kept beside it as a backup first.
 */
export const writeCondarc = (
  ctx: Pick<AppContext, 'base' | 'templatesDir' | 'now' | 'layout'>,
  root: string,
  settings: Pick<Settings, 'channels' | 'channelMap' | 'defaultChannels'>,
  options: {keepPrevious: boolean},
): CondarcWritten => {
  const file = join(root, '.condarc')
  const previous = readCondarcFile(file)
  const chosen = condarcChannels(settings.channels, shippedChannels(previous))
  const pkgsDirs = [join(root, 'pkgs'), '~/.conda/pkgs']
  const template = renderTemplateFile(
    ctx.templatesDir,
    'condarc.yml',
    condarcTokens({channels: chosen.channels, pkgsDirs}),
  )
  const {text, ...merged} = mergeCondarc({
    ...(previous !== undefined && {shipped: previous}),
    template,
    channels: chosen.channels,
    pkgsDirs,
    ...(ctx.layout.current !== join(root) && {old: readCondarcFile(join(ctx.layout.current, '.condarc'))}),
    ...(settings.defaultChannels && {defaultChannels: settings.defaultChannels}),
    channelMap: settings.channelMap,
  })
  let backup: string | undefined
  if (options.keepPrevious && previous !== undefined && previous !== text) {
    backup = `${file}.condamig-${reportTimestamp(ctx.now())}.bak`
    writeFileAtomic(backup, previous, {shared: ctx.base})
  }

  writeFileAtomic(file, text, {shared: ctx.base})
  return {...chosen, ...merged, file, pkgsDirs, ...(backup && {backup})}
}
