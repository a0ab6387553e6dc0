import type {RunResult, Runner} from '../system/runner.js'
import {pipFreezeArgs, pipInstallArgs, pipListArgs} from './pip-args.js'
import {parseFreeze} from './parse/pip-freeze.js'
import {parsePipListJson} from './parse/pip-list-json.js'
import {toPipFailure, toPipResult} from './parse/pip-result.js'
import type {FreezeEntry, PipCommand, PipListEntry, PipQuery, PipResult, PipRunOptions} from './types.js'

/** A listing, or the failure of a pip that cannot list (no pip in the env, broken python). */
const listed = <T>(result: RunResult, parse: (stdout: string) => T | undefined): PipQuery<T> => {
  const value = result.exitCode === 0 ? parse(result.stdout) : undefined
  return value === undefined ? {ok: false, failure: toPipFailure(result), result} : {ok: true, value, result}
}

/**
 * pip of ONE environment, always run as `ENV/bin/python -m pip` so it can only touch that env.
 * Methods: argv → runner.run → parse. A failed install is a value (PipResult), not an exception.
 */
export class Pip {
  readonly python: string
  private readonly runner: Runner

  constructor(options: {python: string; runner: Runner}) {
    this.python = options.python
    this.runner = options.runner
  }

  /** Installs requirements (and/or a requirements file the caller wrote) into the env. */
  async install(
    requirements: readonly string[],
    options: PipRunOptions & {requirementsFile?: string; noDeps?: boolean} = {},
  ): Promise<PipResult> {
    const command = pipInstallArgs(this.python, requirements, options)
    return toPipResult(await this.run(command, options))
  }

  /** `pip freeze`: keeps VCS origins (`name @ git+…`) that `conda env export` loses. */
  async freeze(options: PipRunOptions = {}): Promise<PipQuery<FreezeEntry[]>> {
    return listed(await this.run(pipFreezeArgs(this.python), options), parseFreeze)
  }

  /** `pip list --format json`. */
  async list(options: PipRunOptions = {}): Promise<PipQuery<PipListEntry[]>> {
    return listed(await this.run(pipListArgs(this.python), options), parsePipListJson)
  }

  private run(command: PipCommand, options: PipRunOptions) {
    const {signal, timeoutMs, onOutput, env, cwd} = options
    return this.runner.run({...command, signal, timeoutMs, onOutput, env, cwd})
  }
}
