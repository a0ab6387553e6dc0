import {rmdirSync} from 'node:fs'

import type {AppContext} from '../context.js'
import {linkedRoot} from '../domain/flip.js'
import type {SettingsFlags} from '../domain/settings.js'
import {assertValidRootName} from '../domain/verify/root-name.js'
import {BadInputError} from '../errors.js'
import {flipLink, readLink} from '../system/flip-link.js'
import {checkInstaller, type CheckedInstaller} from './install/check-installer.js'
import {checkRoot, type RootVersions} from './install/check-root.js'
import {inspectTarget, refuseTarget} from './install/install-target.js'
import {installerLine, runInstallerLogged} from './install/run-installer-logged.js'
import {type CondarcWritten, writeCondarc} from './install/write-condarc.js'
import {loadConfig} from './shared/load-config.js'
import {withLock} from './shared/with-lock.js'
import {createTaskList} from './task-list.js'

export type InstallOptions = {installer?: string; name: string; adopt: boolean; flags?: SettingsFlags}

export type InstallResult = {
  base: string
  /** The root's name in BASE (`v4.8`) and its directory. */
  root: string
  dir: string
  adopted: boolean
  installer: {file: string; product: string; version?: string; command: string} | null
  conda: string
  python: string
  condarc: CondarcWritten
  /** `qa` before (null: absent) and after. */
  qa: {from: string | null; to: string}
  /** The installer's output, relative to BASE (null when adopting). */
  log: string | null
  warnings: string[]
}

/**
 * `condamig install INSTALLER --name NAME [--adopt]` (CONTRACT §3): runs the installer in batch mode into BASE/NAME
 * (or adopts the conda root already there), checks that its conda runs and is recent enough, writes its .condarc and
 * points qa at it. Everything is checked before anything is touched; a failed or interrupted installer leaves no
 * half-installed root behind; a root that installs but fails the checks is left in place and qa is not pointed.
 */
export const install = async (ctx: AppContext, options: InstallOptions): Promise<InstallResult> => {
  const name = assertValidRootName(options.name)
  const installer = options.adopt ? undefined : checkInstaller(options.installer)
  const config = loadConfig(ctx, {flags: options.flags, requireInventory: false})
  const dir = ctx.layout.root(name)
  if ([config.settings.specsDir, config.settings.kernelsDir].includes(dir)) {
    throw new BadInputError('root-name.reserved', `--name ${name}: ${dir} is condamig's specs or kernels directory`)
  }

  const warnings = [...config.warnings]
  if (options.adopt && options.installer) warnings.push(`--adopt: ${options.installer} was not run`)
  return withLock(ctx, async (notes) => {
    for (const warning of notes.warnings) warnings.push(warning)
    const state = inspectTarget(dir)
    refuseTarget(ctx, {name, dir, adopt: options.adopt, state})
    const qaBefore = linkedRoot(readLink(ctx.layout.qa), ctx.base) ?? null
    const found: Partial<RootVersions> & {condarc?: CondarcWritten; log?: string} = {}
    const tasks = [
      {
        title: installer ? `${name} — run ${installer.product} installer` : `${name} — adopt existing root`,
        skip: () => options.adopt,
        task: async () => {
          if (state.kind === 'empty') rmdirSync(dir) // installers refuse an existing prefix, even an empty one
          found.log = await runInstallerLogged(ctx, installer as CheckedInstaller, dir, name)
        },
      },
      {
        title: `${name} — check conda and python`,
        task: async () => Object.assign(found, await checkRoot(ctx, dir, config.settings)),
      },
      {
        title: `${name} — write .condarc`,
        task: () => {
          found.condarc = writeCondarc(ctx, dir, config.settings, {keepPrevious: options.adopt})
        },
      },
      {title: `qa -> ${name}`, task: () => flipLink(ctx.layout.qa, name)},
    ]
    await createTaskList(ctx, tasks, {exitOnError: true}).run()
    if (qaBefore !== null && qaBefore !== name) {
      warnings.push(`qa pointed at ${qaBefore}; it now points at ${name} (${qaBefore} is left in place)`)
    }

    return {
      base: ctx.base,
      root: name,
      dir,
      adopted: options.adopt,
      installer: installer
        ? {
            file: installer.file,
            product: installer.product,
            ...(installer.version && {version: installer.version}),
            command: installerLine(installer.file, dir),
          }
        : null,
      conda: found.conda ?? '',
      python: found.python ?? '',
      condarc: found.condarc as CondarcWritten,
      qa: {from: qaBefore, to: name},
      log: found.log ?? null,
      warnings,
    }
  })
}
