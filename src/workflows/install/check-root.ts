import {join, relative} from 'node:path'

import {Conda} from '../../conda/conda.js'
import type {AppContext} from '../../context.js'
import {rootVersionProblems} from '../../domain/verify/root-check.js'
import {ExternalCommandError, InterruptedError, RefusedError} from '../../errors.js'
import {EnvPython} from '../../python/env-python.js'
import {isCondaRoot} from '../../system/fs-facts.js'

/** What the checks of a new root found. */
export type RootVersions = {conda: string; python: string}

/**
 * A new (or adopted) root may become qa when it is a conda root whose own `bin/conda` answers `info --json` and whose
 * conda and python are at least min_conda and min_python. Otherwise RefusedError (exit 3) naming what was found and
 * the minimum; the root is left in place (it may be fine for something else) and qa is not pointed at it.
 */
export const checkRoot = async (
  ctx: AppContext,
  dir: string,
  minimum: {minConda: string; minPython: string},
): Promise<RootVersions> => {
  const leftInPlace = `qa was not pointed at it; ${dir} is left in place`
  if (!isCondaRoot(dir)) {
    throw new RefusedError('install.not-a-root', `${dir} has no bin/conda and conda-meta/: ${leftInPlace}`)
  }

  const conda = new Conda({bin: join(dir, 'bin', 'conda'), runner: ctx.runner})
  let info
  try {
    info = await conda.info({signal: ctx.signal})
  } catch (error) {
    if (ctx.signal.aborted) throw new InterruptedError('install interrupted while checking the new root')
    if (!(error instanceof ExternalCommandError)) throw error
    throw new RefusedError(
      'install.conda-broken',
      `${relative(ctx.base, conda.bin)} does not work: ${error.message}; ${leftInPlace}`,
    )
  }

  let python = info.pythonVersion
  if (python === '') {
    const root = new EnvPython({python: join(dir, 'bin', 'python'), runner: ctx.runner})
    const asked = await root.pythonVersion({signal: ctx.signal})
    python = asked.ok ? asked.value.version : ''
  }

  const found = {conda: info.condaVersion, python}
  const problems = rootVersionProblems(found, {conda: minimum.minConda, python: minimum.minPython})
  if (problems.length > 0) {
    throw new RefusedError('install.too-old', `${problems.join('; ')}: ${leftInPlace}`, {
      hint: 'install a newer release, or lower min_conda / min_python in condamig.ini [condamig]',
    })
  }

  return found
}
