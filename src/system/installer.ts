import {closeSync, openSync, readSync} from 'node:fs'

import type {RunResult, Runner} from './runner.js'

/**
 * The first bytes of an installer: real ones start with a `# NAME:` / `# VER:` / `# PLAT:` header. 64 KiB holds all of
 * constructor's shell header: its `getopts` option parsing comes 3-4 KiB in, later when a site's installer exports
 * many script_env_variables before it.
 */
export const readInstallerHead = (file: string, bytes = 65_536): string => {
  const fd = openSync(file, 'r')
  try {
    const buffer = Buffer.alloc(bytes)
    const read = readSync(fd, buffer, 0, bytes, 0)
    // the payload follows the script: keep only the text part of what was read
    return buffer.subarray(0, read).toString('latin1')
  } finally {
    closeSync(fd)
  }
}

/**
 * `bash INSTALLER -b -p PREFIX`: batch mode (no license prompt, no shell init changes), as every installer takes.
 * With `umask` it runs under that umask (`022`, or `002` in a group-managed base): installers create the root with
 * the caller's umask, and an admin's `077` would make the shared root unusable for everyone else.
 */
export const installerCommand = (installer: string, prefix: string, options: {umask?: string} = {}) =>
  options.umask === undefined
    ? {file: 'bash', args: [installer, '-b', '-p', prefix]}
    : {
        file: '/bin/sh',
        args: ['-c', 'umask "$1" && shift && exec bash "$@"', 'sh', options.umask, installer, '-b', '-p', prefix],
      }

export type InstallerRun = {ok: true; result: RunResult} | {ok: false; message: string; result: RunResult}

/** The lines that say why an installer failed: its `ERROR:` lines, else the tail of its output. */
const whyFailed = (result: RunResult): string => {
  if (result.timedOut) return 'the installer was stopped: timeout reached'
  if (result.cancelled) return 'the installer was stopped: condamig was interrupted'
  const lines = `${result.stderr}\n${result.stdout}`
    // eslint-disable-next-line no-control-regex -- terminal escapes (progress bars) are noise in a message
    .replaceAll(/\u001B\[[\d;?]*[A-Za-z]|\r/g, '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
  const errors = lines.filter((line) => /^(ERROR|Error|error)\b/.test(line))
  const said = (errors.length > 0 ? errors : lines.slice(-3)).join('\n')
  const how = result.exitCode === null ? `killed by ${result.signal ?? 'a signal'}` : `exit ${result.exitCode}`
  return said ? `${how}: ${said}` : how
}

/**
 * Runs a Miniconda/Miniforge/Anaconda installer in batch mode into `prefix` through the Runner (its output goes to
 * `onOutput`, e.g. the install log). Success is exit 0; the caller still checks that a working conda root is there.
 */
export const runInstaller = async (
  runner: Runner,
  options: {
    installer: string
    prefix: string
    umask?: string
    signal?: AbortSignal
    timeoutMs?: number
    onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void
  },
): Promise<InstallerRun> => {
  const result = await runner.run({
    ...installerCommand(options.installer, options.prefix, {umask: options.umask}),
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    onOutput: options.onOutput,
  })
  return result.exitCode === 0 && !result.timedOut && !result.cancelled
    ? {ok: true, result}
    : {ok: false, message: whyFailed(result), result}
}
