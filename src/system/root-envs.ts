import {existsSync, readdirSync, statSync} from 'node:fs'
import {join} from 'node:path'

/**
 * The environments of a root: the directories under its `envs/` that hold `conda-meta/` (CONTRACT §1).
 * `conda env list` is not used: it lists every root's envs from the shared environments.txt.
 */
export const listRootEnvs = (root: string): string[] => {
  const envsDir = join(root, 'envs')
  if (!existsSync(envsDir)) return []
  return readdirSync(envsDir)
    .filter((name) => {
      try {
        return statSync(join(envsDir, name, 'conda-meta')).isDirectory()
      } catch {
        return false
      }
    })
    .sort()
}
