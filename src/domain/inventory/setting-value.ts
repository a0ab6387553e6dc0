import {BadInputError} from '../../errors.js'
import type {SettingKey, SettingsFlags} from '../settings.js'
import {quoteValue} from './quote-value.js'

/** The Settings field each `[condamig]` key fills. */
export const SETTING_FIELDS: Record<SettingKey, keyof SettingsFlags> = {
  channels: 'channels',
  noarch_packages: 'noarchPackagesFile',
  kernels_dir: 'kernelsDir',
  specs_dir: 'specsDir',
  parallel: 'parallel',
  min_python: 'minPython',
  min_conda: 'minConda',
  channel_map: 'channelMap',
  timeout: 'timeoutS',
  default_channels: 'defaultChannels',
}

const VERSION = /^\d+(\.\d+){0,3}$/
const TOKEN = /^[^\s,=]+$/

/**
 * Parses the text form (ini line, environment variable) of one setting and checks it; `where` starts the message
 * of the BadInputError (`settings.bad-value`) a bad value throws.
 */
export const settingFromText = (key: SettingKey, raw: string, where: string): SettingsFlags => {
  const text = raw.trim()
  const list = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
  let values: SettingsFlags
  if (key === 'channels') values = {channels: [...new Set(list)]}
  else if (key === 'default_channels') values = {defaultChannels: [...new Set(list)]}
  else if (key === 'channel_map') values = {channelMap: parseChannelMap(list, where)}
  else if (key === 'parallel') values = {parallel: /^\d+$/.test(text) ? Number(text) : Number.NaN}
  else if (key === 'timeout') values = {timeoutS: /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN}
  else values = {[SETTING_FIELDS[key]]: text}
  checkSetting(values, where)
  return values
}

const parseChannelMap = (pairs: string[], where: string): Record<string, string> => {
  const map = new Map<string, string>()
  for (const pair of pairs) {
    const [from = '', to = '', ...extra] = pair.split('=').map((side) => side.trim())
    if (extra.length > 0 || !TOKEN.test(from) || !TOKEN.test(to)) {
      bad(where, `${quoteValue(pair)} is not old=new (write channel_map = old=new, old2=new2)`)
    }

    if (map.has(from)) bad(where, `channel '${from}' is mapped twice`)
    map.set(from, to)
  }

  return Object.fromEntries(map)
}

/** Checks typed setting values, whatever their source (flags arrive typed); throws like settingFromText. */
export const checkSetting = (values: SettingsFlags, where: string): void => {
  const {channels, parallel, timeoutS, minPython, minConda, channelMap} = values
  const badChannel = [...(channels ?? []), ...(values.defaultChannels ?? [])].find((channel) => !TOKEN.test(channel))
  if (badChannel !== undefined) bad(where, `${quoteValue(badChannel)} is not a channel (separate channels with commas)`)
  const defaults = values.defaultChannels
  if (defaults !== undefined && (defaults.length === 0 || (defaults.includes('installer') && defaults.length > 1))) {
    bad(where, 'default_channels is either installer or a comma-separated list of channel URLs')
  }
  if (parallel !== undefined && !(Number.isInteger(parallel) && parallel >= 1 && parallel <= 64)) {
    bad(where, 'parallel must be a whole number from 1 to 64')
  }

  if (timeoutS !== undefined && !(Number.isFinite(timeoutS) && timeoutS > 0)) {
    bad(where, 'timeout must be a number of seconds greater than 0')
  }

  for (const version of [minPython, minConda]) {
    if (version !== undefined && !VERSION.test(version)) bad(where, 'a minimum version looks like 3.8 or 4.8.3')
  }

  for (const [from, to] of Object.entries(channelMap ?? {})) {
    if (!TOKEN.test(from) || !TOKEN.test(to)) bad(where, `${quoteValue(`${from}=${to}`)} is not old=new`)
  }

  for (const path of [values.noarchPackagesFile, values.kernelsDir, values.specsDir]) {
    if (path === undefined) continue
    if (path.trim() === '') bad(where, 'a path must not be empty')
    if (path.includes('\0')) bad(where, 'a path must not contain a NUL byte')
    if (path.startsWith('~')) bad(where, "'~' is not expanded here: write the full path, or one relative to BASE")
  }
}

const bad = (where: string, problem: string): never => {
  throw new BadInputError('settings.bad-value', `${where}: ${problem}`)
}
