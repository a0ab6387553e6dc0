import type {AppContext} from '../context.js'
import type {EnvPlan} from '../domain/spec/env-plan.js'
import {serializeSpec} from '../domain/spec/serialize-spec.js'
import type {SettingsFlags} from '../domain/settings.js'
import {readLink} from '../system/flip-link.js'
import {rootDefaults} from '../system/read-condarc.js'
import {loadPlan} from './replicate/load-plan.js'
import {selectReplicateEnvs} from './replicate/select-envs.js'
import {loadConfig} from './shared/load-config.js'

export type PlannedEnv =
  | {name: string; ok: true; plan: EnvPlan; specYaml: string}
  | {name: string; ok: false; message: string; remediation: string}

/** What `defaults` in a spec will mean when qa builds it (CONTRACT §5 rule 5); null without a qa root. */
export type QaDefaults = {root: string; channels: string[]; from: 'condarc' | 'built-in'} | null

export type PlanResult = {base: string; defaults: QaDefaults; environments: PlannedEnv[]; warnings: string[]}

const qaDefaults = (ctx: AppContext): QaDefaults => {
  const qa = readLink(ctx.layout.qa)
  if (qa.kind !== 'link' || !qa.resolves) return null
  return {root: qa.target, ...rootDefaults(ctx.layout.qa)}
}

/** The read-only half of replicate: each REPLICATE env's repaired spec, its changes and steps. Touches no root. */
export const plan = async (ctx: AppContext, options: {envs: string[]; flags?: SettingsFlags}): Promise<PlanResult> => {
  const config = loadConfig(ctx, {flags: options.flags, requireInventory: true})
  const inventory = config.inventory!
  const {names, warnings} = selectReplicateEnvs(inventory, {envs: options.envs})
  const environments = names.map((name): PlannedEnv => {
    const loaded = loadPlan(ctx.layout, config.settings, name)
    return loaded.ok
      ? {name, ok: true, plan: loaded.plan, specYaml: serializeSpec(loaded.plan.spec)}
      : {name, ok: false, message: loaded.message, remediation: loaded.remediation}
  })
  return {base: ctx.base, defaults: qaDefaults(ctx), environments, warnings: [...config.warnings, ...warnings]}
}
