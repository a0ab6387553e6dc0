import {existsSync, statSync} from 'node:fs'
import {basename, resolve} from 'node:path'

import {examineInstaller, installerPlatformProblem, type InstallerKind} from '../../domain/verify/installer-kind.js'
import {BadInputError} from '../../errors.js'
import {readInstallerHead} from '../../system/installer.js'

/** conda's name for this machine (`linux-64`), which an installer's `# PLAT:` header must match. */
export const condaPlatform = (platform: string = process.platform, arch: string = process.arch): string => {
  const os = platform === 'darwin' ? 'osx' : platform === 'win32' ? 'win' : platform
  const bits = {x64: '64', arm64: os === 'linux' ? 'aarch64' : 'arm64', ppc64: 'ppc64le', s390x: 's390x'}[arch] ?? arch
  return `${os}-${bits}`
}

export type CheckedInstaller = InstallerKind & {file: string}

/**
 * The INSTALLER argument, checked before anything is locked or touched (exit 2 otherwise): an existing file that is
 * a constructor shell installer (Miniconda, Miniforge, Anaconda or a site's own, by its header or name) for this
 * platform.
 */
export const checkInstaller = (given: string | undefined): CheckedInstaller => {
  if (given === undefined || given === '') {
    throw new BadInputError('install.no-installer', 'INSTALLER is required (the .sh file to run)', {
      hint: 'give the installer, e.g. condamig install Miniforge3-Linux-x86_64.sh --name v4.8, or --adopt an existing root',
    })
  }

  const file = resolve(given)
  if (!existsSync(file)) throw new BadInputError('install.installer-missing', `${file}: no such installer`)
  if (!statSync(file).isFile()) throw new BadInputError('install.installer-not-file', `${file} is not a file`)
  const head = readInstallerHead(file)
  const verdict = examineInstaller(basename(file), head)
  if (!verdict.ok) {
    throw new BadInputError(
      'install.not-an-installer',
      `${file} does not look like a conda installer: ${verdict.problem}; expected a constructor .sh installer ` +
        "(Miniconda, Miniforge, Anaconda or a site's own: # NAME:, # VER:, # PLAT: header, takes -b -p PREFIX)",
      {hint: 'download the Linux .sh installer; condamig runs it as bash INSTALLER -b -p BASE/NAME'},
    )
  }

  const platform = installerPlatformProblem(basename(file), head, condaPlatform())
  if (platform !== undefined) throw new BadInputError('install.wrong-platform', `${file}: ${platform}`)
  return {...verdict.kind, file}
}
