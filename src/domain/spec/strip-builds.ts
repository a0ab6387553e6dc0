import type {CondaDep, EnvSpec} from './env-spec.js'
import {formatCondaDep} from './format-conda-dep.js'
import {parseCondaDep} from './parse-conda-dep.js'

/**
 * The dependency without its build string (`numpy=1.21.2=py39h` → `numpy=1.21.2`, `python=2.7.13=0` →
 * `python=2.7.13`, `pkg[build=py39*]` → `pkg`). Build strings pin one platform's binary: they do not exist on
 * the new root's channels. Returns the same object when there is no build.
 */
export const stripBuild = (dep: CondaDep): CondaDep => {
  if (dep.build === undefined) return dep
  const {build: _build, ...rest} = dep
  return rest
}

/** Every conda dependency of the spec without its build string; the input is not mutated. */
export const stripBuilds = (spec: EnvSpec): EnvSpec => ({...spec, conda: spec.conda.map(stripBuild)})

/**
 * One match spec string without its build: for `export`, since conda 4.3.22's `--no-builds` still prints
 * builds. `numpy==1.21.2=py39h` → `numpy==1.21.2`.
 */
export const stripBuildString = (spec: string): string => formatCondaDep(stripBuild(parseCondaDep(spec)))
