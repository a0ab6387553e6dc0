import {existsSync, readFileSync} from 'node:fs'

import type {AppContext} from '../../context.js'
import {parseInventory} from '../../domain/inventory/parse-inventory.js'
import {parseNoarchList} from '../../domain/inventory/parse-noarch-list.js'
import type {Inventory} from '../../domain/inventory/inventory.js'
import {resolveSettings, type Settings, type SettingsFlags} from '../../domain/settings.js'
import {BadInputError} from '../../errors.js'

export type LoadedConfig = {
  /** Absent when the ini does not exist and was not required. */
  inventory?: Inventory
  /** The ini's exact text, for text-preserving merges. */
  text?: string
  settings: Settings
  warnings: string[]
}

const readText = (file: string, what: string): string => {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    throw new BadInputError('file.unreadable', `${file}: cannot read the ${what}: ${(error as Error).message}`)
  }
}

/** Reads BASE/condamig.ini and the noarch list, applies precedence (flags > env > ini > defaults). */
export const loadConfig = (
  ctx: Pick<AppContext, 'layout' | 'env'>,
  options: {flags?: SettingsFlags; requireInventory: boolean},
): LoadedConfig => {
  const file = ctx.layout.inventory
  const exists = existsSync(file)
  if (!exists && options.requireInventory) {
    throw new BadInputError('inventory.missing', `${file} does not exist`, {
      hint: 'create it with condamig inventory --write, then mark environments REPLICATE',
    })
  }

  const text = exists ? readText(file, 'inventory') : undefined
  const inventory = text === undefined ? undefined : parseInventory(text, file)
  const {settings, warnings} = resolveSettings({
    base: ctx.layout.base,
    flags: options.flags ?? {},
    env: ctx.env,
    ini: inventory?.settings ?? [],
    file,
  })
  const noarchPackages = settings.noarchPackagesFile
    ? parseNoarchList(readText(settings.noarchPackagesFile, 'noarch package list'), settings.noarchPackagesFile)
    : []
  return {
    inventory,
    text,
    settings: {...settings, noarchPackages},
    warnings: [...(inventory?.warnings ?? []), ...warnings],
  }
}
