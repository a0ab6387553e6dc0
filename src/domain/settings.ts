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
