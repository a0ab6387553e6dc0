import {isMap, isScalar, isSeq, parseDocument, type Document} from 'yaml'

import {mapChannel} from '../spec/repairs/rewrite-channels.js'

/** The keys of a root's `.condarc` that say what a spec's channel names mean (CONTRACT §5 rule 5). */
export const MEANING_KEYS = ['default_channels', 'channel_alias', 'custom_channels', 'custom_multichannels'] as const

export type CondarcMergeInput = {
  /** The new root's `.condarc` as the installer shipped it (or as an adopted root has it); undefined: none. */
  shipped?: string
  /** condamig's template, rendered: the start when nothing usable was shipped. */
  template: string
  channels: readonly string[]
  pkgsDirs: readonly string[]
  /** The old (current) root's `.condarc`, for what `defaults` and the channel names meant there. */
  old?: string
  /** ini `default_channels`: undefined carries the old root's, `['installer']` keeps the shipped ones. */
  defaultChannels?: readonly string[]
  channelMap: Readonly<Record<string, string>>
}

export type CondarcMerge = {
  text: string
  /** Keys taken from the old root (MEANING_KEYS it had). */
  carried: string[]
  /** Keys the shipped file had that condamig left as they were (`solver`, proxy and SSL settings, …). */
  kept: string[]
  /** What `defaults` resolves to in the new root; undefined: conda's built-in default (repo.anaconda.com). */
  defaults?: string[]
}

const SET_BY_CONDAMIG = new Set(['channels', 'pkgs_dirs', 'auto_update_conda', 'notify_outdated_conda'])

const documentOf = (text: string | undefined): Document | undefined => {
  if (text === undefined) return undefined
  const document = parseDocument(text)
  return document.errors.length === 0 && (isMap(document.contents) || document.contents === null) ? document : undefined
}

const stringsAt = (document: Document | undefined, key: string): string[] | undefined => {
  const value: unknown = document?.toJS()?.[key]
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined
}

const mapChannels = (channels: readonly string[], map: Readonly<Record<string, string>>): string[] =>
  channels.map((channel) => mapChannel(channel, map))

/**
 * The new root's `.condarc`: what the installer shipped, merged (CONTRACT §5): condamig sets `channels`,
 * `pkgs_dirs`, `auto_update_conda: false`, `notify_outdated_conda: false`; every other key shipped is kept; from the
 * old root it carries the keys that define what a spec's channel names mean (`default_channels` rewritten by
 * channel_map), unless `default_channels` is configured. Comments of the shipped file survive. Pure.
 */
export const mergeCondarc = (input: CondarcMergeInput): CondarcMerge => {
  const shipped = documentOf(input.shipped)
  const document = shipped ?? documentOf(input.template) ?? parseDocument('{}')
  const kept = shipped
    ? Object.keys((shipped.toJS() as Record<string, unknown> | null) ?? {}).filter((key) => !SET_BY_CONDAMIG.has(key))
    : []
  const set = (key: string, value: unknown) => {
    const node = document.createNode(value)
    if (isSeq(node)) {
      node.flow = true // one line, as the template writes it: ["a", "b"]
      for (const item of node.items) if (isScalar(item) && typeof item.value === 'string') item.type = 'QUOTE_DOUBLE'
    }
    document.set(key, node)
  }

  set('channels', [...input.channels])
  set('pkgs_dirs', [...input.pkgsDirs])
  set('auto_update_conda', false)
  set('notify_outdated_conda', false)

  const old = documentOf(input.old)
  const oldValues = (old?.toJS() as Record<string, unknown> | null) ?? {}
  const carried: string[] = []
  for (const key of MEANING_KEYS) {
    if (key === 'default_channels' && input.defaultChannels !== undefined) continue
    const value = oldValues[key]
    if (value === undefined || value === null) continue
    if (key === 'default_channels' && Array.isArray(value)) set(key, mapChannels(value.map(String), input.channelMap))
    else set(key, value)
    carried.push(key)
  }

  const configured = input.defaultChannels
  if (configured !== undefined && !(configured.length === 1 && configured[0] === 'installer'))
    set('default_channels', [...configured])
  const defaults = stringsAt(document, 'default_channels')
  return {
    text: document.toString({lineWidth: 0, flowCollectionPadding: false}),
    carried,
    kept: kept.filter((key) => !carried.includes(key) && !(key === 'default_channels' && configured !== undefined)),
    ...(defaults && {defaults}),
  }
}
