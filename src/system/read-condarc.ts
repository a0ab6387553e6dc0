import {join} from 'node:path'
import {parse} from 'yaml'

import {isCondamigError} from '../errors.js'
import {readBaseFile} from './safe-read.js'

/** A `.condarc` is small; anything larger is not one. */
const MAX_CONDARC_BYTES = 1024 * 1024

/**
 * A `.condarc`, read only when it is a regular file of sane size: never through a symlink in its last component, and
 * never blocking on a FIFO or a device (system/safe-read.ts). Undefined otherwise.
 */
export const readCondarcFile = (file: string): string | undefined => {
  try {
    return readBaseFile(file, {what: '.condarc', maxBytes: MAX_CONDARC_BYTES})
  } catch (error) {
    if (isCondamigError(error)) return undefined
    throw error
  }
}

/** conda's own `default_channels` when no .condarc sets it (conda.base.constants DEFAULT_CHANNELS_UNIX). */
export const BUILT_IN_DEFAULTS = ['https://repo.anaconda.com/pkgs/main', 'https://repo.anaconda.com/pkgs/r']

/** What `defaults` means in a root: its `.condarc`'s `default_channels`, else conda's built-in ones. */
export const rootDefaults = (root: string): {channels: string[]; from: 'condarc' | 'built-in'} => {
  const text = readCondarcFile(join(root, '.condarc'))
  let value: unknown
  try {
    value = text === undefined ? undefined : (parse(text) as Record<string, unknown> | null)?.default_channels
  } catch {
    value = undefined
  }

  const channels = Array.isArray(value) ? value.filter((c): c is string => typeof c === 'string') : []
  return channels.length > 0 ? {channels, from: 'condarc'} : {channels: BUILT_IN_DEFAULTS, from: 'built-in'}
}
