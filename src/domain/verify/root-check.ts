import {compareVersions} from '../version.js'

/**
 * Why a freshly installed (or adopted) root may not become qa: conda or its python older than the minimums
 * (settings min_conda, min_python). One sentence per problem, naming the version found and the minimum. Pure.
 */
export const rootVersionProblems = (
  found: {conda: string; python: string},
  minimum: {conda: string; python: string},
) => {
  const problems: string[] = []
  if (compareVersions(found.conda, minimum.conda) < 0) {
    problems.push(`conda ${found.conda} is older than min_conda ${minimum.conda}`)
  }

  if (found.python === '') problems.push('the root python version could not be read')
  else if (compareVersions(found.python, minimum.python) < 0) {
    problems.push(`python ${found.python} is older than min_python ${minimum.python}`)
  }

  return problems
}

/** Where the channels of a new root's `.condarc` come from. */
export type CondarcChannels = {channels: string[]; source: 'settings' | 'root' | 'default'}

/**
 * The channels written to a new root's `.condarc`: the configured ones (ini `channels`, in order), else the ones the
 * installer shipped in the root's own `.condarc` (Miniforge ships conda-forge), else `defaults`.
 */
export const condarcChannels = (
  configured: readonly string[],
  shipped: readonly string[] | undefined,
): CondarcChannels => {
  if (configured.length > 0) return {channels: [...configured], source: 'settings'}
  if (shipped && shipped.length > 0) return {channels: [...shipped], source: 'root'}
  return {channels: ['defaults'], source: 'default'}
}
