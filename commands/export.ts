import {BaseCommand, withExitCodes} from '../src/cli/base-command.js'
import {envFilterFlag, parallelFlag} from '../src/cli/flags.js'
import {presentExport} from '../src/cli/present/export.js'
import {ExitCode} from '../src/exit-codes.js'
import {exportEnvs, type ExportResult} from '../src/workflows/export.js'

export default class Export extends BaseCommand<typeof Export> {
  static override summary = 'Export every inventoried environment of current to env_specs/NAME.yml.'
  static override description = withExitCodes(
    'Runs current/bin/conda env export --name NAME --no-builds for each environment in condamig.ini and writes ' +
      'env_specs/NAME.yml atomically (build strings and prefix removed), plus NAME.meta.json with what conda loses: ' +
      'the source root and conda version, the explicit package URLs and the git/local origin of pip packages. One ' +
      'environment failing does not stop the others.',
  )

  static override examples = [
    '<%= config.bin %> export --base /pkg/ipums/programming/conda --parallel 8',
    '<%= config.bin %> export --base /pkg/ipums/programming/conda --env hlink --env nhis_reformat',
  ]

  static override flags = {parallel: parallelFlag(), env: envFilterFlag()}

  async run(): Promise<ExportResult> {
    const result = await exportEnvs(this.ctx, {envs: this.flags.env, flags: {parallel: this.flags.parallel}})
    this.log(presentExport(result))
    if (result.environments.some((env) => env.status === 'failed')) this.setExitCode(ExitCode.BatchFailures)
    return result
  }
}
