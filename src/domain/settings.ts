import {posix} from 'node:path'
import type {Inventory} from './inventory/inventory.js'
import {quoteValue} from './inventory/quote-value.js'
import {checkSetting, SETTING_FIELDS, settingFromText} from './inventory/setting-value.js'

/** condamig's settings after precedence is applied: flags > CONDAMIG_* env > ini [condamig] > defaults. */
export type Settings = {
  /** Channels for new envs, in priority order (ini `channels`, comma-separated). */
  channels: string[]
  /** Path of the local noarch package list (ini `noarch_packages`), resolved against BASE. */
  noarchPackagesFile?: string
  /** Names read from that file (filled by the workflow that reads it). */
  noarchPackages: string[]
  kernelsDir: string
  specsDir: string
  parallel: number
  minPython: string
  minConda: string
  /** Old channel → new channel (ini `channel_map = old=new, old2=new2`). */
  channelMap: Record<string, string>
  /** Per-environment timeout for replicate, in seconds. */
  timeoutS: number
  /**
   * What `defaults` means in the new root (ini `default_channels`): unset carries the old root's, `installer` keeps
   * what the installer shipped, a comma-separated list of channel URLs is written as is.
   */
  defaultChannels?: string[]
}

export const SETTING_KEYS = [
  'channels',
  'noarch_packages',
  'kernels_dir',
  'specs_dir',
  'parallel',
  'min_python',
  'min_conda',
  'channel_map',
  'timeout',
  'default_channels',
] as const
export type SettingKey = (typeof SETTING_KEYS)[number]

/** Defaults, relative paths resolved against BASE by resolveSettings. */
export const DEFAULT_SETTINGS = {
  channels: [] as string[],
  kernelsDir: 'kernels',
  specsDir: 'env_specs',
  parallel: 4,
  minPython: '3.6',
  minConda: '4.8',
  timeoutS: 3600,
} as const

/** Settings a command-line flag can carry, already typed by oclif; still validated like the other sources. */
export type SettingsFlags = Partial<Omit<Settings, 'noarchPackages'>>

/** Everything resolveSettings reads. Relative paths in any source resolve against `base`. */
export type SettingsInput = {
  base: string
  flags: SettingsFlags
  env: Record<string, string | undefined>
  ini: Inventory['settings']
  /** The inventory file, for `file:line` in messages. */
  file: string
}

type Field = keyof SettingsFlags

const KEY_OF = Object.fromEntries(Object.entries(SETTING_FIELDS).map(([key, field]) => [field, key])) as Record<
  Field,
  SettingKey
>

/** The environment variable of a setting: `CONDAMIG_PARALLEL`, `CONDAMIG_MIN_PYTHON`, … */
export const settingEnvVar = (key: SettingKey): string => `CONDAMIG_${key.toUpperCase()}`

/** The command-line flag of a setting: `--parallel`, `--min-python`, … */
export const settingFlag = (key: SettingKey): string => `--${key.replaceAll('_', '-')}`

/**
 * Applies the precedence flags > `CONDAMIG_*` env > ini `[condamig]` > DEFAULT_SETTINGS (STYLE §13) and validates
 * every value given, whichever source wins: a bad one throws BadInputError (exit 2, `settings.bad-value`) naming
 * `file:line: key = value`, the variable or the flag. Unknown ini keys are warnings. An empty environment variable
 * counts as unset. Relative paths resolve against BASE (`~` is refused: nothing here knows a home directory).
 * `noarchPackages` is left empty; the workflow reads `noarchPackagesFile` with parseNoarchList. Pure.
 */
export const resolveSettings = (input: SettingsInput): {settings: Settings; warnings: string[]} => {
  const warnings: string[] = []
  const fromIni: SettingsFlags = {}
  for (const {key, value, line} of input.ini) {
    const known = SETTING_KEYS.find((candidate) => candidate === key.trim().toLowerCase())
    if (known === undefined) warnings.push(`${input.file}:${line}: unknown key '${key}' in [condamig] (ignored)`)
    else Object.assign(fromIni, settingFromText(known, value, `${input.file}:${line}: ${key} = ${show(value)}`))
  }

  const fromEnv: SettingsFlags = {}
  for (const key of SETTING_KEYS) {
    const value = input.env[settingEnvVar(key)]
    if (value !== undefined && value !== '') {
      Object.assign(fromEnv, settingFromText(key, value, `${settingEnvVar(key)}=${show(value)}`))
    }
  }

  for (const [field, value] of Object.entries(input.flags) as [Field, unknown][]) {
    if (value !== undefined) checkSetting({[field]: value}, `${settingFlag(KEY_OF[field])} ${show(flagText(value))}`)
  }

  const merged = {
    ...DEFAULT_SETTINGS,
    channelMap: {},
    ...defined(fromIni),
    ...defined(fromEnv),
    ...defined(input.flags),
  }
  const resolve = (path: string) => (posix.isAbsolute(path) ? posix.normalize(path) : posix.join(input.base, path))
  const settings: Settings = {
    ...merged,
    channels: [...merged.channels],
    noarchPackages: [],
    kernelsDir: resolve(merged.kernelsDir),
    specsDir: resolve(merged.specsDir),
    noarchPackagesFile: merged.noarchPackagesFile === undefined ? undefined : resolve(merged.noarchPackagesFile),
  }
  return {settings, warnings}
}

const show = (value: string): string => quoteValue(value, {quotes: false})

const flagText = (value: unknown): string =>
  Array.isArray(value)
    ? value.join(',')
    : typeof value === 'object' && value !== null
      ? Object.entries(value)
          .map(([from, to]) => `${String(from)}=${String(to)}`)
          .join(',')
      : String(value)

const defined = (values: SettingsFlags): SettingsFlags =>
  Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined))
