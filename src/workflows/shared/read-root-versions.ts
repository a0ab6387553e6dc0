import {join} from 'node:path'

import {Conda} from '../../conda/conda.js'
import {parsePythonVersion} from '../../conda/parse/version.js'
import {ExternalCommandError} from '../../errors.js'
import {readPackageVersions} from '../../system/root-versions.js'
import {succeeded, type Runner} from '../../system/runner.js'

export type RootVersions = {conda?: string; python?: string}

type Ask = {runner: Runner; signal?: AbortSignal}

/** `--version` answers at once; a root that hangs must not hold up a read-only command for long. */
const ASK_TIMEOUT_MS = 15_000
/** Asking a root must leave it as it was: no __pycache__ written into it. */
const NO_BYTECODE = {PYTHONDONTWRITEBYTECODE: '1'}

/** `ROOT/bin/conda --version`; undefined when it gives no answer (broken, timed out, interrupted). */
const askConda = async (dir: string, {runner, signal}: Ask): Promise<string | undefined> => {
  try {
    const conda = new Conda({bin: join(dir, 'bin', 'conda'), runner, env: NO_BYTECODE})
    return await conda.version({timeoutMs: ASK_TIMEOUT_MS, signal})
  } catch (error) {
    if (error instanceof ExternalCommandError) return undefined
    throw error
  }
}

/** `ROOT/bin/python --version`; undefined when there is none or it gives no answer. */
const askPython = async (dir: string, {runner, signal}: Ask): Promise<string | undefined> => {
  try {
    const result = await runner.run({
      file: join(dir, 'bin', 'python'),
      args: ['--version'],
      env: NO_BYTECODE,
      timeoutMs: ASK_TIMEOUT_MS,
      signal,
    })
    return succeeded(result) ? parsePythonVersion(result) : undefined
  } catch (error) {
    if (error instanceof ExternalCommandError) return undefined
    throw error
  }
}

/**
 * The conda and python versions of a root: from its conda-meta records (no process), else from the root itself,
 * `bin/conda --version` and `bin/python --version` (a venv-style root's python has no record, and some installers
 * leave conda's out). A version no one can tell stays undefined. Writes nothing.
 */
export const readRootVersions = async (dir: string, ask: Ask): Promise<RootVersions> => {
  const recorded = readPackageVersions(dir, ['conda', 'python'])
  const [conda, python] = await Promise.all([
    recorded.conda ?? askConda(dir, ask),
    recorded.python ?? askPython(dir, ask),
  ])
  return {conda, python}
}
