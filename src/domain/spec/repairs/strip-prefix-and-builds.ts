import type {SpecChange} from '../env-plan.js'
import type {EnvSpec} from '../env-spec.js'
import {formatCondaDep} from '../format-conda-dep.js'
import {stripBuild} from '../strip-builds.js'
import type {RepairContext, RepairResult} from './repair.js'

/**
 * CONTRACT §5.1: the `prefix:` (the OLD root's path) goes, and so do build strings: they pin one platform's
 * binary in one channel (`numpy=1.21.2=py39h…`) and rarely exist in the new root's channels. The `name:` (`base`,
 * a full path for `-p` exports, or none) becomes the inventory name.
 */
export const stripPrefixAndBuilds = (spec: EnvSpec, ctx: RepairContext): RepairResult => {
  const changes: SpecChange[] = []
  if (spec.name !== ctx.name) {
    changes.push({
      rule: 'prefix-and-builds',
      subject: spec.name === undefined ? 'name (none)' : `name: ${spec.name}`,
      result: `name: ${ctx.name}`,
      reason: 'the env is recreated under its inventory name',
    })
  }

  if (spec.prefix !== undefined) {
    changes.push({
      rule: 'prefix-and-builds',
      subject: `prefix: ${spec.prefix}`,
      reason: 'it is the old root; replicate creates the env at -p BASE/qa/envs/NAME',
    })
  }

  const conda = spec.conda.map((dep) => {
    const stripped = stripBuild(dep)
    if (stripped !== dep) {
      changes.push({
        rule: 'prefix-and-builds',
        subject: dep.raw,
        result: formatCondaDep(stripped),
        reason: `build string ${dep.build} is specific to the old platform and channel`,
      })
    }

    return stripped
  })
  const {prefix: _prefix, ...rest} = spec
  return {spec: {...rest, name: ctx.name, conda}, changes}
}
