import {BaseCommand, withExitCodes} from '../src/cli/base-command.js'
import {envFilterFlag} from '../src/cli/flags.js'
import {presentPlan} from '../src/cli/present/plan.js'
import {plan, type PlanResult} from '../src/workflows/plan.js'

export default class Plan extends BaseCommand<typeof Plan> {
  static override summary = 'Show the repaired spec of each REPLICATE environment and every change made to it.'
  static override description = withExitCodes(
    'The read-only half of replicate: for each REPLICATE environment, the spec it will be built from (override or ' +
      'export), every repair made to it and why, the steps that will run (create, noarch installs, pip, git installs) ' +
      'and what needs a human. Touches no root.',
  )

  static override examples = [
    '<%= config.bin %> plan --base /pkg/ipums/programming/conda',
    '<%= config.bin %> plan --base /pkg/ipums/programming/conda --env hlink --json',
  ]

  static override flags = {env: envFilterFlag()}

  async run(): Promise<PlanResult> {
    const result = await plan(this.ctx, {envs: this.flags.env})
    this.log(presentPlan(result))
    return result
  }
}
