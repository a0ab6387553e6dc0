import {posix} from 'node:path'

import {isObject, stringsField} from './json-documents.js'

/**
 * The env prefixes of `conda env list --json`: `envs` (23.7.4), plus the keys of `envs_details`
 * (25.11.1+, same prefixes) in case a future conda drops `envs`. undefined when not such a document.
 */
export const parseEnvListJson = (stdout: string): string[] | undefined => {
  let document: unknown
  try {
    document = JSON.parse(stdout.trim())
  } catch {
    return undefined
  }
  if (!isObject(document) || (!Array.isArray(document.envs) && !isObject(document.envs_details))) return undefined
  const details = isObject(document.envs_details) ? Object.keys(document.envs_details) : []
  return [...new Set([...stringsField(document, 'envs'), ...details])]
}

const normalise = (path: string): string => posix.normalize(path).replace(/(.)\/+$/, '$1')

/**
 * The envs of ONE root among conda's list: only `<root>/envs/<name>`. `env list` shows every env in the
 * shared ~/.conda/environments.txt — other roots' too (README point 8). conda prints the REAL root path
 * (point 12), so pass the root's real path (and, if wanted, its link path too).
 */
export const envsOfRoot = (prefixes: readonly string[], roots: string | readonly string[]) => {
  const envsDirs = (typeof roots === 'string' ? [roots] : roots).map((root) => normalise(posix.join(root, 'envs')))
  const seen = new Set<string>()
  const envs: {name: string; prefix: string}[] = []
  for (const prefix of prefixes.map(normalise)) {
    const name = posix.basename(prefix)
    if (!envsDirs.includes(posix.dirname(prefix)) || name === '' || seen.has(name)) continue
    seen.add(name)
    envs.push({name, prefix})
  }
  return envs
}
