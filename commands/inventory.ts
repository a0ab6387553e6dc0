import {Flags} from '@oclif/core'

import {BaseCommand, withExitCodes} from '../src/cli/base-command.js'
import {presentInventory} from '../src/cli/present/inventory.js'
import {inventory, type InventoryResult} from '../src/workflows/inventory.js'

export default class Inventory extends BaseCommand<typeof Inventory> {
  static override summary = 'List the environments of current and how they stand against condamig.ini.'
  static override description = withExitCodes(
    'Lists every environment of the current root (name, action, size, owner, last change, kernels using it), the ' +
      'environments missing from condamig.ini and the ini entries that no longer exist, and warns about kernels whose ' +
      'environment is not marked REPLICATE. --write merges new environments into condamig.ini as export, under a dated ' +
      'comment, without changing any existing line.',
  )

  static override examples = [
    '<%= config.bin %> inventory --base /pkg/ipums/programming/conda',
    '<%= config.bin %> inventory --base /pkg/ipums/programming/conda --write',
  ]

  static override flags = {
    write: Flags.boolean({summary: 'Merge new environments into condamig.ini (as export).', default: false}),
  }

  async run(): Promise<InventoryResult> {
    const result = await inventory(this.ctx, {write: this.flags.write})
    this.log(presentInventory(result))
    return result
  }
}
