import {BaseCommand, withExitCodes} from '../src/cli/base-command.js'
import {dryRunFlag, yesFlag} from '../src/cli/flags.js'
import {presentRollback} from '../src/cli/present/rollback.js'
import {rollback, type RollbackResult} from '../src/workflows/rollback.js'

export default class Rollback extends BaseCommand<typeof Rollback> {
  static override summary = 'Undo the last cutover: current back to the old root, qa restored.'
  static override description = withExitCodes(
    'Reads .condamig/history.jsonl for the last cutover not yet rolled back, repoints current at the root it had ' +
      'before (by renaming a new link over it), points qa back at the root that was under QA and journals it. ' +
      'Refuses when there is no cutover to undo, when current was changed outside condamig or when the old root is ' +
      'gone. Asks for confirmation on a terminal unless --yes; needs --yes otherwise.',
  )

  static override examples = [
    '<%= config.bin %> rollback --base /pkg/ipums/programming/conda --dry-run',
    '<%= config.bin %> rollback --base /pkg/ipums/programming/conda --yes',
  ]

  static override flags = {yes: yesFlag(), 'dry-run': dryRunFlag()}

  async run(): Promise<RollbackResult> {
    const result = await rollback(this.ctx, {
      yes: this.flags.yes,
      dryRun: this.flags['dry-run'],
    })
    this.log(presentRollback(result))
    return result
  }
}
