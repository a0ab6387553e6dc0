import type {SpecChange} from '../env-plan.js'
import type {CondaDep, EnvSpec, PipDep} from '../env-spec.js'
import {normalizeName} from '../pep503.js'
import type {DeferredStep, RepairContext, RepairResult} from './repair.js'

/** The conda spec for a noarch step from a pip entry: the noarch list's spelling, `==version` kept. */
const noarchPackage = (listName: string, dep: PipDep): string => {
  const exact = /^==\s*([^\s,;=]+)$/.exec(dep.specifier ?? '')?.[1]
  return exact === undefined ? listName : `${listName}==${exact}`
}

/**
 * CONTRACT §5.3: a pip entry naming a local noarch package moves to that package's noarch step; a pip entry for a
 * package the conda section already has is dropped (PEP 503 names: conda `typing-extensions` is pip
 * `typing_extensions`). Pip had overwritten conda's copy in the old env; in the new one conda's copy is kept, so
 * pip does not replace files conda manages.
 */
export const dedupePip = (spec: EnvSpec, ctx: RepairContext): RepairResult => {
  const noarch = new Map(ctx.noarchPackages.map((name) => [normalizeName(name), name]))
  const conda = new Map<string, CondaDep>()
  for (const dep of spec.conda) conda.set(normalizeName(dep.name), dep)
  const changes: SpecChange[] = []
  const deferred: DeferredStep[] = []
  const pip = spec.pip.filter((dep) => {
    if (dep.kind !== 'requirement' || dep.name === undefined) return true
    const key = normalizeName(dep.name)
    const listName = noarch.get(key)
    if (listName !== undefined) {
      const step = {kind: 'noarch', package: noarchPackage(listName, dep)} as const
      deferred.push(step)
      const reason = 'names a local legacy noarch package (noarch_packages): installed by its noarch step, not pip'
      changes.push({rule: 'pip-deduplicated', subject: dep.raw, result: step.package, reason})
      return false
    }

    const twin = conda.get(key)
    if (twin === undefined) return true
    const reason = `the conda section already has it (${twin.raw}); conda's package is kept`
    changes.push({rule: 'pip-deduplicated', subject: dep.raw, reason})
    return false
  })
  return {spec: {...spec, pip}, changes, deferred}
}
