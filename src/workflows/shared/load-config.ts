import {dirname} from 'node:path'

import type {AppContext} from '../../context.js'
import {parseInventory} from '../../domain/inventory/parse-inventory.js'
import {parseNoarchList} from '../../domain/inventory/parse-noarch-list.js'
import type {Inventory} from '../../domain/inventory/inventory.js'
import {resolveSettings, type Settings, type SettingsFlags} from '../../domain/settings.js'
import {BadInputError} from '../../errors.js'
import {confineTo} from '../../system/base-confinement.js'
import {checkBasePlaces} from '../../system/check-base-places.js'
import {readBaseFile} from '../../system/safe-read.js'

export type LoadedConfig = {
  /** Absent when the ini does not exist and was not required. */
  inventory?: Inventory
  /** The ini's exact text, for text-preserving merges. */
  text?: string
  settings: Settings
  warnings: string[]
}

/** An inventory or a noarch list is a page or two; anything larger is not one. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024

/**
 * Reads BASE/condamig.ini and the noarch list, applies precedence (flags > env > ini > defaults), then checks what
 * the command will read and write in BASE (system/check-base-places.ts). Both files are read only as regular files
 * (system/safe-read.ts): the ini in BASE, the noarch list in BASE or where `noarch_packages` names. A FIFO, a device,
 * a huge file or a link leading elsewhere is one line naming it, exit 2 or 3, before anything happens.
 */
export const loadConfig = (
  ctx: Pick<AppContext, 'layout' | 'env'>,
  options: {flags?: SettingsFlags; requireInventory: boolean},
): LoadedConfig => {
  const file = ctx.layout.inventory
  const text = readBaseFile(file, {what: 'inventory', within: confineTo(ctx.layout.base), maxBytes: MAX_CONFIG_BYTES})
  if (text === undefined && options.requireInventory) {
    throw new BadInputError('inventory.missing', `${file} does not exist`, {
      hint: 'create it with condamig inventory --write, then mark environments REPLICATE',
    })
  }

  const inventory = text === undefined ? undefined : parseInventory(text, file)
  const {settings, warnings} = resolveSettings({
    base: ctx.layout.base,
    flags: options.flags ?? {},
    env: ctx.env,
    ini: inventory?.settings ?? [],
    file,
  })
  const noarchPackages = settings.noarchPackagesFile ? readNoarchList(ctx.layout.base, settings.noarchPackagesFile) : []
  checkBasePlaces({layout: ctx.layout, places: settings, envs: inventory?.environments.map((e) => e.name) ?? []})
  return {
    inventory,
    text,
    settings: {...settings, noarchPackages},
    warnings: [...(inventory?.warnings ?? []), ...warnings],
  }
}

/** The `noarch_packages` file: in BASE, or in the folder the setting names (the admin's own place). */
const readNoarchList = (base: string, file: string): string[] => {
  const what = 'noarch package list'
  const text = readBaseFile(file, {what, within: confineTo(base, [dirname(file)]), maxBytes: MAX_CONFIG_BYTES})
  if (text === undefined) throw new BadInputError('file.unreadable', `${file}: cannot read the ${what}: no such file`)
  return parseNoarchList(text, file)
}
