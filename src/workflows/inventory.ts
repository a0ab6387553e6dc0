import pLimit from 'p-limit'
import {join} from 'node:path'

import type {AppContext} from '../context.js'
import {envNameProblem} from '../domain/inventory/env-name.js'
import {mergeInventory, newInventoryText} from '../domain/inventory/merge-inventory.js'
import {parseInventory} from '../domain/inventory/parse-inventory.js'
import type {InventoryAction} from '../domain/inventory/inventory.js'
import type {SettingsFlags} from '../domain/settings.js'
import {writeFileAtomic} from '../system/atomic-write.js'
import {confineTo} from '../system/base-confinement.js'
import {dirSize, lastChange, ownerName, readUserNames} from '../system/fs-facts.js'
import {listRootEnvs} from '../system/root-envs.js'
import {readBaseFile} from '../system/safe-read.js'
import {inventoryHeaderTokens, renderTemplateFile} from '../system/templates.js'
import {kernelsByEnv, readKernelUse} from './shared/kernel-usage.js'
import {loadConfig} from './shared/load-config.js'
import {requireRoot} from './shared/require-root.js'
import {withLock} from './shared/with-lock.js'

export type InventoryEnv = {
  name: string
  /** The ini's action, null when the env is not in the ini yet. */
  action: InventoryAction | null
  sizeBytes: number
  owner: string
  lastChange: string | null
  kernels: string[]
}

export type InventoryResult = {
  base: string
  current: {target: string; root: string}
  environments: InventoryEnv[]
  /** On disk, not in the ini (added as export by --write). */
  notInInventory: string[]
  /** In the ini, not on disk any more (never removed by condamig). */
  missingOnDisk: {name: string; line: number}[]
  /** Directories under envs/ whose names condamig will not handle. */
  invalidNames: {name: string; problem: string}[]
  warnings: string[]
  written?: {file: string; created: boolean; added: string[]}
}

export type InventoryOptions = {write: boolean; flags?: SettingsFlags}

const today = (now: Date) => now.toISOString().slice(0, 10)

/** Lists the environments of current and how they stand against the ini; --write merges new ones in. */
export const inventory = async (ctx: AppContext, options: InventoryOptions): Promise<InventoryResult> => {
  const config = loadConfig(ctx, {flags: options.flags, requireInventory: false})
  const current = requireRoot(ctx, 'current')
  const onDisk = listRootEnvs(current.dir)
  const invalidNames = onDisk.flatMap((name) => {
    const problem = envNameProblem(name)
    return problem ? [{name, problem}] : []
  })
  const names = onDisk.filter((name) => !envNameProblem(name))
  const entries = new Map((config.inventory?.environments ?? []).map((entry) => [entry.name, entry]))
  const kernels = readKernelUse(config.settings.kernelsDir, ctx.base)
  const byEnv = kernelsByEnv(kernels)
  const users = readUserNames()
  const limit = pLimit(8)
  const environments = await Promise.all(
    names.map((name) =>
      limit(async (): Promise<InventoryEnv> => {
        const dir = current.paths.env(name)
        const changed = await lastChange(dir)
        return {
          name,
          action: entries.get(name)?.action ?? null,
          sizeBytes: await dirSize(dir),
          owner: await ownerName(dir, users),
          lastChange: changed ? changed.toISOString() : null,
          kernels: byEnv.get(name) ?? [],
        }
      }),
    ),
  )
  const notInInventory = names.filter((name) => !entries.has(name))
  const missingOnDisk = [...entries.values()]
    .filter((entry) => !onDisk.includes(entry.name))
    .map(({name, line}) => ({name, line}))
  const warnings = [...config.warnings, ...kernelWarnings(kernels, entries, onDisk)]
  for (const {name, problem} of invalidNames) warnings.push(`${join(current.dir, 'envs', name)}: skipped, ${problem}`)
  const result: InventoryResult = {
    base: ctx.base,
    current: {target: current.name, root: current.dir},
    environments,
    notInInventory,
    missingOnDisk,
    invalidNames,
    warnings,
  }
  if (!options.write) return result
  return withLock(ctx, async (notes) => ({
    ...result,
    warnings: [...result.warnings, ...notes.warnings],
    written: writeInventory(ctx, notInInventory),
  }))
}

const kernelWarnings = (
  kernels: ReturnType<typeof readKernelUse>,
  entries: Map<string, {action: InventoryAction}>,
  onDisk: string[],
): string[] =>
  kernels.flatMap((kernel) => {
    if (kernel.problem) return [`kernel ${kernel.name}: ${kernel.problem} (${kernel.file})`]
    const {target} = kernel
    if (target.kind !== 'env') return []
    const out: string[] = []
    if (!onDisk.includes(target.env))
      out.push(`kernel ${kernel.name} points at env ${target.env}, which does not exist`)
    else if (entries.get(target.env)?.action !== 'REPLICATE') {
      out.push(
        `kernel ${kernel.name} uses env ${target.env}, which is not marked REPLICATE: it will break after cutover`,
      )
    }

    if (target.pinned) {
      out.push(
        `kernel ${kernel.name} is pinned to root ${target.root} (${kernel.argv0}): it will keep running the old root`,
      )
    }

    return out
  })

/** Merges new names into the ini as text (never rewriting a byte), or creates it from the template. */
const writeInventory = (ctx: AppContext, added: string[]) => {
  const file = ctx.layout.inventory
  // read again under the lock: the text merged is the text replaced
  const text = readBaseFile(file, {what: 'inventory', within: confineTo(ctx.base)})
  const date = today(ctx.now())
  if (text === undefined) {
    const header = renderTemplateFile(
      ctx.templatesDir,
      'inventory-header.ini',
      inventoryHeaderTokens({base: ctx.base, today: date}),
    )
    writeFileAtomic(file, newInventoryText(header, added, date), {shared: ctx.base})
    return {file, created: true, added}
  }

  // names someone added since this run read the ini are already there: report only what this run adds
  const present = new Set(parseInventory(text, file).environments.map((entry) => entry.name))
  const adding = added.filter((name) => !present.has(name))
  const merged = mergeInventory(text, adding, date)
  if (merged !== text) writeFileAtomic(file, merged, {shared: ctx.base})
  return {file, created: false, added: adding}
}
