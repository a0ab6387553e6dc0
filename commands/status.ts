import {BaseCommand, withExitCodes} from '../src/cli/base-command.js'
import {presentStatus} from '../src/cli/present/status.js'
import {status, type StatusResult} from '../src/workflows/status.js'

export default class Status extends BaseCommand<typeof Status> {
  static override summary = 'Show roots, links, environment counts, last results and the journal.'
  static override description = withExitCodes(
    'Reads the base without changing it: every conda root with its conda and python versions and env count, where ' +
      'current, qa and envs point (and whether they are relative, dangling or not links), the last export, replicate ' +
      'and verify results, the lock holder and the tail of the cutover/rollback journal.',
  )

  static override examples = ['<%= config.bin %> status --base /pkg/ipums/programming/conda']

  async run(): Promise<StatusResult> {
    const result = await status(this.ctx)
    this.log(presentStatus(result))
    return result
  }
}
