import type {SpecChange} from '../env-plan.js'
import type {CondaDep, EnvSpec} from '../env-spec.js'
import {formatCondaDep} from '../format-conda-dep.js'
import {normalizeName} from '../pep503.js'
import type {DeferredStep, RepairContext, RepairResult} from './repair.js'

/** The noarch list is written by hand: compare per PEP 503 so `hlink_utils` matches `hlink-utils`. */
export const noarchNames = (ctx: RepairContext): Set<string> => new Set(ctx.noarchPackages.map(normalizeName))

/**
 * CONTRACT §5.2: local legacy noarch packages (ini `noarch_packages`) are taken out of the create, which could
 * not solve them, and become `noarch` steps, installed one at a time after it.
 */
export const deferNoarchPackages = (spec: EnvSpec, ctx: RepairContext): RepairResult => {
  const noarch = noarchNames(ctx)
  if (noarch.size === 0) return {spec, changes: []}
  const changes: SpecChange[] = []
  const deferred: DeferredStep[] = []
  const conda: CondaDep[] = []
  for (const dep of spec.conda) {
    if (!noarch.has(normalizeName(dep.name))) {
      conda.push(dep)
      continue
    }

    const step = {kind: 'noarch', package: formatCondaDep(dep)} as const
    deferred.push(step)
    changes.push({
      rule: 'noarch-deferred',
      subject: dep.raw,
      result: step.package,
      reason: 'a local legacy noarch package (noarch_packages): installed on its own after the create',
    })
  }

  return {spec: {...spec, conda}, changes, deferred}
}
