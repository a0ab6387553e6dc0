import {Flags} from '@oclif/core'

import {BaseCommand, withExitCodes} from '../src/cli/base-command.js'
import {allowRootFlag, dryRunFlag, envFilterFlag, parallelFlag} from '../src/cli/flags.js'
import {presentReplicate} from '../src/cli/present/replicate.js'
import {ExitCode} from '../src/exit-codes.js'
import {replicate, type ReplicateResult} from '../src/workflows/replicate.js'
import {refuseRoot} from '../src/workflows/shared/refuse-root.js'

export default class Replicate extends BaseCommand<typeof Replicate> {
  static override summary = 'Recreate every REPLICATE environment in the qa root, with the spec repairs.'
  static override description = withExitCodes(
    'Builds each REPLICATE environment in BASE/qa/envs/NAME from its override or exported spec, repaired as plan ' +
      'shows, N at a time: the package cache is filled one environment at a time (conda does not lock it), linking ' +
      'runs in parallel. A failed environment leaves no prefix behind; environments already built from the same spec ' +
      'are skipped. Writes reports/replicate-<UTC time>.csv and reports/replicate-latest.csv, one row per environment. ' +
      'Refused as root on a base owned by another user (it runs code the environments’ owners control: pip builds ' +
      'from sdists, conda post-link scripts) unless --allow-root.',
  )

  static override examples = [
    '<%= config.bin %> replicate --base /pkg/ipums/programming/conda --parallel 4',
    '<%= config.bin %> replicate --base /pkg/ipums/programming/conda --retry-failed',
    '<%= config.bin %> replicate --base /pkg/ipums/programming/conda --env hlink --dry-run',
  ]

  static override flags = {
    parallel: parallelFlag(),
    env: envFilterFlag(),
    'retry-failed': Flags.boolean({summary: 'Only the environments that failed in the latest report.', default: false}),
    'dry-run': dryRunFlag(),
    'keep-failed': Flags.boolean({summary: 'Keep the prefix of a failed environment for inspection.', default: false}),
    timeout: Flags.integer({
      summary: 'Seconds per environment (default: ini timeout, else 3600).',
      env: 'CONDAMIG_TIMEOUT',
      min: 1,
    }),
    'allow-root': allowRootFlag(),
  }

  async run(): Promise<ReplicateResult> {
    const {flags} = this
    refuseRoot(this.ctx.base, {command: 'replicate', allowRoot: flags['allow-root']})
    const result = await replicate(this.ctx, {
      envs: flags.env,
      retryFailed: flags['retry-failed'],
      dryRun: flags['dry-run'],
      keepFailed: flags['keep-failed'],
      flags: {parallel: flags.parallel, timeoutS: flags.timeout},
    })
    this.log(presentReplicate(result))
    if (result.summary.failed + result.summary.interrupted > 0) this.setExitCode(ExitCode.BatchFailures)
    return result
  }
}
