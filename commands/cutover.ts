import {Flags} from '@oclif/core'

import {BaseCommand, withExitCodes} from '../src/cli/base-command.js'
import {dryRunFlag, yesFlag} from '../src/cli/flags.js'
import {presentCutover} from '../src/cli/present/cutover.js'
import {cutover, type CutoverResult} from '../src/workflows/cutover.js'

export default class Cutover extends BaseCommand<typeof Cutover> {
  static override summary = "Make qa's root production: repoint current atomically, remove qa, journal it."
  static override description = withExitCodes(
    'Takes the lock and checks every precondition (qa links a working conda root; the latest replicate report ' +
      'covers every REPLICATE environment with status ok and the latest verify passed, unless --allow-failures), ' +
      'refusing with all unmet ones listed. Then repoints current at the qa root by renaming a new relative link ' +
      'over it (current always resolves), removes qa, keeps envs -> current/envs, appends to .condamig/history.jsonl ' +
      'and prints the rollback command. Asks for confirmation on a terminal unless --yes; needs --yes otherwise.',
  )

  static override examples = [
    '<%= config.bin %> cutover --base /pkg/ipums/programming/conda --dry-run',
    '<%= config.bin %> cutover --base /pkg/ipums/programming/conda --yes --rewrite-kernels',
  ]

  static override flags = {
    yes: yesFlag(),
    'dry-run': dryRunFlag(),
    'allow-failures': Flags.boolean({
      summary: 'Cut over although replicate or verify reported failures.',
      default: false,
    }),
    'rewrite-kernels': Flags.boolean({
      summary: 'Point kernels pinned to a versioned root at BASE/envs/… (a backup is kept).',
      default: false,
    }),
  }

  async run(): Promise<CutoverResult> {
    const result = await cutover(this.ctx, {
      yes: this.flags.yes,
      dryRun: this.flags['dry-run'],
      allowFailures: this.flags['allow-failures'],
      rewriteKernels: this.flags['rewrite-kernels'],
    })
    this.log(presentCutover(result))
    return result
  }
}
