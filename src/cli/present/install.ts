import type {InstallResult} from '../../workflows/install.js'
import {section} from './format.js'

const CHANNELS_FROM = {settings: 'condamig.ini channels', root: 'shipped with the root', default: 'none configured'}

/** Human summary of `condamig install`. */
export const presentInstall = (result: InstallResult): string => {
  const what = result.installer
    ? `installed ${result.installer.product}${result.installer.version ? ` ${result.installer.version}` : ''} into ${result.dir}`
    : `adopted the conda root ${result.dir}`
  const {condarc} = result
  return [
    `${what} (conda ${result.conda}, python ${result.python})`,
    `  .condarc: channels ${condarc.channels.join(', ')} (${CHANNELS_FROM[condarc.source]}); pkgs_dirs ${condarc.pkgsDirs.join(', ')}`,
    `  defaults -> ${condarc.defaults ? condarc.defaults.join(', ') : "conda's built-in defaults (repo.anaconda.com)"}`,
    ...(condarc.carried.length > 0 ? [`  from the current root's .condarc: ${condarc.carried.join(', ')}`] : []),
    ...(condarc.kept.length > 0 ? [`  kept as shipped: ${condarc.kept.join(', ')}`] : []),
    ...(condarc.backup ? [`  previous .condarc kept as ${condarc.backup}`] : []),
    `  qa -> ${result.qa.to}${result.qa.from && result.qa.from !== result.qa.to ? ` (was ${result.qa.from})` : ''}`,
    ...(result.log ? [`  installer output: ${result.log}`] : []),
    '',
    'next: condamig export, condamig replicate, condamig verify',
    ...section('Warnings', result.warnings),
  ].join('\n')
}
