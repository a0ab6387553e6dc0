import type {EnvPlan} from '../spec/env-plan.js'
import {parseCondaDep} from '../spec/parse-conda-dep.js'

/** A package the spec asks for, with the version constraint it was written with (none when unpinned). */
export type ExpectedPackage = {name: string; version?: string; source: 'conda' | 'pip'}

/**
 * What a qa env should hold according to its plan (the spec as replicate built it: override first, repairs
 * applied): the conda section, the deferred noarch packages, the pip requirements and the VCS installs (by name,
 * unversioned). Virtual packages (`__glibc`) are conda's, not the env's.
 */
export const expectedPackages = (plan: Pick<EnvPlan, 'spec' | 'steps'>): ExpectedPackage[] => {
  const found: ExpectedPackage[] = []
  const add = (name: string | undefined, version: string | undefined, source: ExpectedPackage['source']) => {
    if (!name || name.startsWith('__')) return
    found.push(version ? {name, version, source} : {name, source})
  }

  for (const dep of plan.spec.conda) add(dep.name, dep.version, 'conda')
  for (const step of plan.steps) {
    if (step.kind === 'noarch') {
      const dep = parseCondaDep(step.package)
      add(dep.name, dep.version, 'conda')
    } else if (step.kind === 'pip') {
      for (const req of step.requirements) if (req.kind === 'requirement') add(req.name, req.specifier, 'pip')
    } else if (step.kind === 'git') add(step.name, undefined, 'pip')
  }

  return found
}
