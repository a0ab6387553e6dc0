import {rmSync} from 'node:fs'
import {join} from 'node:path'

import type {AppContext} from '../../context.js'
import {ExternalCommandError, InterruptedError} from '../../errors.js'
import {installerCommand, runInstaller} from '../../system/installer.js'
import {formatCommand} from '../../system/runner.js'
import {sharedModes} from '../../system/shared-permissions.js'
import type {CheckedInstaller} from './check-installer.js'
import {openRunLog} from '../../system/run-log.js'

/** The command line as an admin would type it: `bash INSTALLER -b -p BASE/NAME`. */
export const installerLine = (installer: string, dir: string): string => {
  const command = installerCommand(installer, dir)
  return formatCommand(command.file, command.args)
}

/**
 * Runs the installer into `dir` (which does not exist), streaming its output to logs/install-NAME.log, under a
 * umask that leaves the root readable by everyone (writable by the group in a setgid base). On failure or interrupt
 * the half-installed prefix, created by this run, is removed. Returns the log's path relative to BASE.
 */
export const runInstallerLogged = async (
  ctx: AppContext,
  installer: CheckedInstaller,
  dir: string,
  name: string,
): Promise<string> => {
  const log = openRunLog(join(ctx.layout.logsDir, `install-${name}.log`), ctx.base)
  const umask = sharedModes(ctx.base).setgid ? '002' : '022'
  log.note(`${installerLine(installer.file, dir)} (umask ${umask})`)
  try {
    const run = await runInstaller(ctx.runner, {
      installer: installer.file,
      prefix: dir,
      umask,
      signal: ctx.signal,
      onOutput: (chunk) => log.write(chunk),
    })
    log.note(run.ok ? 'installer finished' : `installer failed: ${run.message}`)
    if (run.ok) return log.path
    rmSync(dir, {recursive: true, force: true})
    if (ctx.signal.aborted) throw new InterruptedError(`install interrupted: ${dir} removed`)
    const command = installerCommand(installer.file, dir)
    throw new ExternalCommandError(
      command.file,
      command.args,
      `the ${installer.product} installer failed (${run.message})`,
      {
        hint: `the full output is in ${log.path}; nothing was left in ${dir}`,
      },
    )
  } finally {
    log.close()
  }
}
