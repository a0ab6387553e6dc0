import {BaseCommand, withExitCodes} from '../src/cli/base-command.js'
import {allowRootFlag, envFilterFlag} from '../src/cli/flags.js'
import {presentVerify} from '../src/cli/present/verify.js'
import {ExitCode} from '../src/exit-codes.js'
import {refuseRoot} from '../src/workflows/shared/refuse-root.js'
import {verify, type VerifyResult} from '../src/workflows/verify.js'

export default class Verify extends BaseCommand<typeof Verify> {
  static override summary = 'Check the qa environments with their own executables, and the kernels that use them.'
  static override description = withExitCodes(
    'For each REPLICATE environment of qa: its python starts, the packages of its spec import, the versions ' +
      'installed match the spec and are compared with the same env in current (drift), and its [tests] command ' +
      'passes with the env first on PATH. Every kernel in kernels/ whose argv[0] runs an env must reach, after ' +
      'cutover, an env of qa that has ipykernel; kernels pinned to a versioned root are flagged. Writes ' +
      'reports/verify-<UTC>.csv and reports/verify-latest.csv; exits 1 when any check failed. Refused as root on a ' +
      'base owned by another user (it runs the envs’ own code and the [tests] commands) unless --allow-root.',
  )

  static override examples = [
    '<%= config.bin %> verify --base /pkg/ipums/programming/conda',
    '<%= config.bin %> verify --base /pkg/ipums/programming/conda --env hlink --json',
  ]

  static override flags = {env: envFilterFlag(), 'allow-root': allowRootFlag()}

  async run(): Promise<VerifyResult> {
    refuseRoot(this.ctx.base, {command: 'verify', allowRoot: this.flags['allow-root']})
    const result = await verify(this.ctx, {envs: this.flags.env})
    this.log(presentVerify(result))
    if (result.summary.failed > 0) this.setExitCode(ExitCode.BatchFailures)
    return result
  }
}
