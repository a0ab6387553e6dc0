import {existsSync, readdirSync} from 'node:fs'
import {join} from 'node:path'

import {isCondaEnv} from './fs-facts.js'

/**
 * The environments of a root: the directories under its `envs/` that hold `conda-meta/` (CONTRACT §1).
 * `conda env list` is not used: it lists every root's envs from the shared environments.txt.
 */
export const listRootEnvs = (root: string): string[] => {
  const envsDir = join(root, 'envs')
  if (!existsSync(envsDir)) return []
  return readdirSync(envsDir)
    .filter((name) => isCondaEnv(join(envsDir, name)))
    .sort()
}
