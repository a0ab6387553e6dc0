import type {SpecChange} from '../env-plan.js'
import type {CondaDep, EnvSpec} from '../env-spec.js'
import {formatCondaDep} from '../format-conda-dep.js'
import type {RepairContext, RepairResult} from './repair.js'

/** How conda prints records of `defaults` (main and r); mapped back so channel_map and default_channels apply. */
const DEFAULTS_MEMBER = /^https?:\/\/repo\.(?:anaconda\.com|continuum\.io)\/pkgs\/(?:main|r)\/?$/i
const MSYS2 = /^https?:\/\/repo\.(?:anaconda\.com|continuum\.io)\/pkgs\/msys2\/?$/i
/** `defaults/win-64::blas` (newer `--from-history` exports): the subdir pins the OLD platform. */
const SUBDIR = /^(.+)\/(noarch|(?:linux|osx|win|zos|freebsd|emscripten|wasi)-\w+)\/?$/

/**
 * Channels compare without a trailing slash, `https://conda.anaconda.org/X` is X (conda's channel_alias), and
 * `file:///srv/chan` is `srv/chan`: the name conda prints for a file:// channel in exports (transcripts README 9).
 */
export const channelKey = (channel: string): string =>
  channel
    .trim()
    .replace(/\/+$/, '')
    .replace(/^https?:\/\/conda\.anaconda\.org\//i, '')
    .replace(/^file:\/\/\/+/i, '')

/** A channel as channel_map rewrites it (compared by channelKey), else itself; an empty target keeps it. */
export const mapChannel = (channel: string, channelMap: Readonly<Record<string, string>>): string => {
  const key = channelKey(channel)
  const found = Object.entries(channelMap)
    .find(([from]) => channelKey(from) === key)?.[1]
    ?.trim()
  return found ? found : channel
}

type Rewritten = {channel?: string; reasons: string[]}

const rewriteChannel = (channel: string, map: ReadonlyMap<string, string>): Rewritten => {
  const reasons: string[] = []
  let current = channel.trim()
  const subdir = SUBDIR.exec(current)
  if (subdir?.[1] !== undefined) {
    current = subdir[1]
    reasons.push(`the subdir ${subdir[2]} pins the old platform`)
  }

  if (MSYS2.test(current)) return {reasons: ['the msys2 part of defaults holds Windows packages only']}
  if (DEFAULTS_MEMBER.test(current)) {
    current = 'defaults'
    reasons.push('part of `defaults`, as conda prints it')
  }

  const mapped = map.get(channelKey(current))
  if (mapped !== undefined && mapped !== current) {
    reasons.push(`channel_map ${current}=${mapped}`)
    if (mapped === '') return {reasons}
    current = mapped
  }

  return {channel: current, reasons}
}

const rewriteDep = (dep: CondaDep, map: ReadonlyMap<string, string>, changes: SpecChange[]): CondaDep => {
  if (dep.channel === undefined) return dep
  const {channel, reasons} = rewriteChannel(dep.channel, map)
  if (channel === dep.channel) return dep
  const {channel: _old, ...rest} = dep
  const next = channel === undefined ? rest : {...rest, channel}
  changes.push({rule: 'channels', subject: dep.raw, result: formatCondaDep(next), reason: reasons.join('; ')})
  return next
}

/**
 * CONTRACT §5.5: the configured channels first (in priority order), then the export's channels rewritten by
 * channel_map (defaults' own URLs count as `defaults`, so `defaults=…` in the map catches them too), without
 * duplicates. `channel::pkg` prefixes are rewritten by the same map.
 */
export const rewriteChannels = (spec: EnvSpec, ctx: RepairContext): RepairResult => {
  const map = new Map(Object.entries(ctx.channelMap).map(([from, to]) => [channelKey(from), to.trim()]))
  const changes: SpecChange[] = []
  const channels: string[] = []
  /** Duplicates only matter when the list changes: `[defaults]` configured and exported is no change. */
  const duplicates: SpecChange[] = []
  const seen = new Map<string, 'configured' | 'export'>()
  for (const channel of ctx.channels) {
    if (seen.has(channelKey(channel))) continue
    seen.set(channelKey(channel), 'configured')
    channels.push(channel.trim())
  }

  for (const original of spec.channels) {
    const {channel, reasons} = rewriteChannel(original, map)
    if (channel === undefined) {
      changes.push({rule: 'channels', subject: original, reason: `dropped: ${reasons.join('; ')}`})
      continue
    }

    const from = seen.get(channelKey(channel))
    if (from === undefined) {
      if (channel !== original)
        changes.push({rule: 'channels', subject: original, result: channel, reason: reasons.join('; ')})
      seen.set(channelKey(channel), 'export')
      channels.push(channel)
    } else {
      const why = from === 'configured' ? 'already among the configured channels' : 'listed twice'
      const change = {rule: 'channels', subject: original, reason: [...reasons, why].join('; ')} as const
      ;(channel === original ? duplicates : changes).push(change)
    }
  }

  if (channels.join(',') !== spec.channels.join(',')) {
    for (const duplicate of duplicates) changes.push(duplicate)
    if (ctx.channels.length > 0) {
      changes.push({
        rule: 'channels',
        subject: 'channels',
        result: channels.join(', '),
        reason: 'the configured channels (condamig.ini `channels`) come first, in priority order',
      })
    }
  }

  const conda = spec.conda.map((dep) => rewriteDep(dep, map, changes))
  return {spec: {...spec, channels, conda}, changes}
}
