// A fresh shared installation for one replicate measurement: current and qa roots made by the double's installers,
// N REPLICATE envs whose specs each link exactly one package, so that the double's `linkMs` delay is the create
// delay of an env (the double sleeps linkMs once per linked package).
import {rmSync} from 'node:fs'
import {dirname} from 'node:path'

import {makeQaBase, specYaml, syntheticWorld, writeIni, writeSpec} from '../../test/support/qa-base.js'

/** A base ready for `replicate`; `remove()` deletes it. */
export type ReplicateBase = {base: string; envs: string[]; remove: () => void}

// Packages of the synthetic world without dependencies of their own: each env links exactly one. Four of them in
// turn, so the cache fill of an env sometimes extracts a package and mostly finds it there (as in a real base,
// where most envs share most packages).
const SINGLE_PACKAGES = ['ca-certificates=2023.12.12', 'tzdata=2023c', 'hlink-schemas=2.0.0', 'libgcc-ng=11.2.0']

/** Builds a base whose double links each package in `linkMs` and has `count` REPLICATE envs (`env00`, …). */
export const makeReplicateBase = async (count: number, linkMs: number): Promise<ReplicateBase> => {
  const qa = await makeQaBase({keep: true, world: syntheticWorld({delays: {linkMs}})})
  const remove = () => rmSync(dirname(qa.base), {recursive: true, force: true})
  const envs = Array.from({length: count}, (_, i) => `env${String(i).padStart(2, '0')}`)
  writeIni(qa.base, Object.fromEntries(envs.map((name) => [name, 'REPLICATE' as const])))
  for (const [i, name] of envs.entries()) {
    writeSpec(qa.base, name, specYaml(name, [SINGLE_PACKAGES[i % SINGLE_PACKAGES.length] ?? 'tzdata']))
  }

  return {base: qa.base, envs, remove}
}
