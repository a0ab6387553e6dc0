import type {CondaDep} from './env-spec.js'

/** A version without operators (`1.21.2`, `1.21.*`, `2023c`): it can take the `name=version=build` form. */
const isPlainVersion = (version: string): boolean => /^[\w.*+!]+$/.test(version)

const startsWithOperator = (version: string): boolean => /^[<>=!~]/.test(version)

/**
 * The dependency as a conda match spec: `channel::name=version=build`, `name>=1.2,<2`, `name==1.8`.
 * A build with an operator version (or with no version) needs conda's bracket form, since `name>=1=b` is not
 * a match spec. Used for create steps, the serialized spec and the results shown by `plan`.
 */
export const formatCondaDep = (dep: CondaDep): string => {
  const channel = dep.channel ? `${dep.channel}::` : ''
  const {version, build} = dep
  if (build !== undefined && (version === undefined || !isPlainVersion(version))) {
    const keys = version === undefined ? [] : [`version='${version}'`]
    return `${channel}${dep.name}[${[...keys, `build='${build}'`].join(',')}]`
  }

  const versionPart = version === undefined ? '' : startsWithOperator(version) ? version : `=${version}`
  return `${channel}${dep.name}${versionPart}${build === undefined ? '' : `=${build}`}`
}
