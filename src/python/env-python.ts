import {cleanOutput} from '../conda/parse/clean-output.js'
import {ExternalCommandError} from '../errors.js'
import type {PipCommand} from '../pip/types.js'
import type {RunResult, Runner} from '../system/runner.js'
import {parseImportProbe, parseVersionProbe} from './parse-probe.js'
import {probeImportsArgs, pythonVersionArgs} from './python-args.js'
import type {ImportProbe, PythonQuery, PythonRunOptions} from './types.js'

/** Why python gave no answer, in a line or few for the verify report. */
const whyNoAnswer = (result: RunResult): string => {
  if (result.timedOut) return 'python was stopped: timeout reached'
  if (result.cancelled) return 'python was stopped: condamig was interrupted'
  const said = cleanOutput(result.stderr).trim().split('\n').slice(-4).join('\n')
  const how =
    result.exitCode === null
      ? `python was killed by ${result.signal ?? 'a signal'}`
      : `python exited ${result.exitCode}`
  return said ? `${how}: ${said}` : `${how} without an answer`
}

/**
 * The python of ONE environment (`ENV/bin/python`), for verify: does it start, which version, do the
 * packages import. Its answers are values; a python that cannot even be started is one too.
 */
export class EnvPython {
  readonly python: string
  private readonly runner: Runner

  constructor(options: {python: string; runner: Runner}) {
    this.python = options.python
    this.runner = options.runner
  }

  /** `3.11.7` (and sys.prefix, which must be the env itself). */
  async pythonVersion(options: PythonRunOptions = {}): Promise<PythonQuery<{version: string; prefix: string}>> {
    return this.ask(pythonVersionArgs(this.python), (stdout) => parseVersionProbe(stdout), options)
  }

  /**
   * Tries each module's import in a fresh interpreter of its own, all from ONE run of this python, so no answer
   * depends on import order: `{numpy: {ok: true, version: '1.26.4'}, …}`.
   */
  async probeImports(
    modules: readonly string[],
    options: PythonRunOptions = {},
  ): Promise<PythonQuery<Record<string, ImportProbe>>> {
    if (modules.length === 0) return {ok: true, value: {}}
    return this.ask(probeImportsArgs(this.python, modules), (stdout) => parseImportProbe(stdout, modules), options)
  }

  /** Runs the env's python with any arguments; the result is returned as is (a spawn failure throws). */
  async run(args: readonly string[], options: PythonRunOptions = {}): Promise<RunResult> {
    return this.runner.run({file: this.python, args, ...options})
  }

  private async ask<T>(
    command: PipCommand,
    parse: (stdout: string) => T | undefined,
    options: PythonRunOptions,
  ): Promise<PythonQuery<T>> {
    let result: RunResult
    try {
      result = await this.runner.run({...command, ...options})
    } catch (error) {
      // verify's first question is "does python start": a missing or broken interpreter is its answer
      if (error instanceof ExternalCommandError) return {ok: false, message: error.message}
      throw error
    }
    const value = result.exitCode === 0 ? parse(result.stdout) : undefined
    return value === undefined ? {ok: false, message: whyNoAnswer(result), result} : {ok: true, value, result}
  }
}
