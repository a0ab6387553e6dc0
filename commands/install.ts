import {Args, Flags} from '@oclif/core'

import {BaseCommand, withExitCodes} from '../src/cli/base-command.js'
import {allowRootFlag} from '../src/cli/flags.js'
import {presentInstall} from '../src/cli/present/install.js'
import {install, type InstallResult} from '../src/workflows/install.js'
import {refuseRoot} from '../src/workflows/shared/refuse-root.js'

export default class Install extends BaseCommand<typeof Install> {
  static override summary = 'Install a new conda root beside the others and point qa at it.'
  static override description = withExitCodes(
    'Runs a Miniconda, Miniforge, Mambaforge or Anaconda .sh installer in batch mode (bash INSTALLER -b -p ' +
      'BASE/NAME, output in logs/install-NAME.log), checks that the new conda runs and that conda and its python ' +
      'are at least min_conda and min_python, writes NAME/.condarc (channels, pkgs_dirs, auto_update_conda: false) ' +
      'and points qa at NAME. Refuses a non-empty BASE/NAME that is not a conda root; --adopt takes an existing ' +
      'conda root there instead of installing one. Refused as root on a base owned by another user (the installer, ' +
      'then the new root’s conda, would run as root) unless --allow-root.',
  )

  static override examples = [
    '<%= config.bin %> install Miniforge3-26.7.1-0-Linux-x86_64.sh --name v4.8 --base /pkg/ipums/programming/conda',
    '<%= config.bin %> install --adopt --name v4.8 --base /pkg/ipums/programming/conda',
  ]

  static override args = {
    installer: Args.string({description: 'The installer (.sh); not needed with --adopt.', required: false}),
  }

  static override flags = {
    name: Flags.string({summary: 'Name of the new root in BASE, e.g. v4.8.', required: true}),
    adopt: Flags.boolean({summary: 'Take the conda root already at BASE/NAME instead of installing.', default: false}),
    'allow-root': allowRootFlag(),
  }

  async run(): Promise<InstallResult> {
    const {installer} = this.args
    refuseRoot(this.ctx.base, {command: 'install', allowRoot: this.flags['allow-root']})
    const result = await install(this.ctx, {installer, name: this.flags.name, adopt: this.flags.adopt})
    this.log(presentInstall(result))
    return result
  }
}
