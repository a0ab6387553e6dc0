import {realpath as fsRealpath} from 'node:fs/promises'
import {posix} from 'node:path'

import {ExternalCommandError} from '../errors.js'
import type {RunResult, Runner} from '../system/runner.js'
import {createArgs, type CreateOptions} from './argv/create-args.js'
import {envCreateArgs, type EnvCreateOptions} from './argv/env-create-args.js'
import {installArgs, type InstallOptions} from './argv/install-args.js'
import {
  envExportArgs,
  envListArgs,
  infoArgs,
  listExplicitArgs,
  listJsonArgs,
  solverProbeArgs,
  versionArgs,
} from './argv/query-args.js'
import {removeAllArgs} from './argv/remove-args.js'
import {readExport} from './read-export.js'
import {parseEnvListJson} from './parse/env-list-json.js'
import {parseInfoJson} from './parse/info-json.js'
import {parseExplicitList} from './parse/list-explicit.js'
import {parseListJson} from './parse/list-json.js'
import {toCondaFailure, toOpResult} from './parse/op-result.js'
import {parseSolverProbe} from './parse/solver-probe.js'
import {parseCondaVersion} from './parse/version.js'
import type {SolverProbe} from './choose-solver.js'
import type {
  CondaCommand,
  CondaInfo,
  CondaListEntry,
  CondaOpResult,
  CondaQuery,
  CondaRunOptions,
  ExportResult,
} from './types.js'

export type CondaOptions = {
  /** The ROOT's own `bin/conda` (or `bin/mamba`), never one found on PATH (CONTRACT §1). */
  bin: string
  runner: Runner
  /** Variables for every call of this instance (e.g. CONDA_PKGS_DIRS per parallel job). */
  env?: Record<string, string | undefined>
  /** Resolves symlinks for prefix comparisons; defaults to fs.realpath, falling back to the path itself. */
  realpath?: (path: string) => Promise<string>
}

const defaultRealpath = async (path: string): Promise<string> => fsRealpath(path).catch(() => posix.normalize(path))

/**
 * conda of ONE root. Each method: argv → runner.run → parse. Expected failures are values
 * (CondaOpResult, CondaQuery, ExportResult); only a conda that cannot run or answer at all throws.
 */
export class Conda {
  readonly bin: string
  private readonly runner: Runner
  private readonly env?: Record<string, string | undefined>
  private readonly realpath: (path: string) => Promise<string>

  constructor(options: CondaOptions) {
    this.bin = options.bin
    this.runner = options.runner
    this.env = options.env
    this.realpath = options.realpath ?? defaultRealpath
  }

  /** `23.7.4`; old condas print `conda 4.3.22` on stderr. Throws when the binary is not a working conda. */
  async version(run: CondaRunOptions = {}): Promise<string> {
    return this.answer(versionArgs(this.bin), (result) => parseCondaVersion(result), 'its version', run)
  }

  /** `conda info --json`: root prefix (the REAL path), versions, dirs, channels, platform. */
  async info(run: CondaRunOptions = {}): Promise<CondaInfo> {
    return this.answer(infoArgs(this.bin), (result) => parseInfoJson(result.stdout), 'conda info --json', run)
  }

  /** Whether the root has the libmamba solver, and else which it has (see solverProbeArgs); never writes. */
  async probeSolver(prefix: string, run: CondaRunOptions = {}): Promise<SolverProbe> {
    return parseSolverProbe(await this.run(solverProbeArgs(this.bin, prefix), run))
  }

  /** Every env prefix conda knows — all roots' (README point 8): filter with envsOfRoot. */
  async envList(run: CondaRunOptions = {}): Promise<string[]> {
    return this.answer(envListArgs(this.bin), (result) => parseEnvListJson(result.stdout), 'env list --json', run)
  }

  /** `env export --name N | -p PREFIX [--no-builds]`, checked: a missing env's exit-0 stub and a wrong prefix are failures. */
  async exportEnv(
    options: {name: string; prefix?: string; noBuilds?: boolean; expectPrefix?: string},
    run: CondaRunOptions = {},
  ): Promise<ExportResult> {
    const result = await this.run(
      envExportArgs(this.bin, {
        name: options.name,
        ...(options.prefix !== undefined && {prefix: options.prefix}),
        noBuilds: options.noBuilds ?? true,
      }),
      run,
    )
    return readExport(result, {name: options.name, expectPrefix: options.expectPrefix, realpath: this.realpath})
  }

  /** `list --json -p PREFIX`. */
  async listJson(prefix: string, run: CondaRunOptions = {}): Promise<CondaQuery<CondaListEntry[]>> {
    return this.query(listJsonArgs(this.bin, prefix), parseListJson, run)
  }

  /** `list --explicit [--md5] -p PREFIX`: the package URLs. */
  async listExplicit(
    prefix: string,
    options: {md5?: boolean} = {},
    run: CondaRunOptions = {},
  ): Promise<CondaQuery<string[]>> {
    return this.query(listExplicitArgs(this.bin, prefix, options), parseExplicitList, run)
  }

  /** `create -y --json -p PREFIX … SPECS`. The caller has checked that PREFIX does not exist (README point 2). */
  async create(options: CreateOptions, run: CondaRunOptions = {}): Promise<CondaOpResult> {
    return toOpResult(await this.run(createArgs(this.bin, options), run))
  }

  /** `env create -y --json -p PREFIX -f FILE`. The caller has checked that PREFIX does not exist. */
  async envCreate(options: EnvCreateOptions, run: CondaRunOptions = {}): Promise<CondaOpResult> {
    return toOpResult(await this.run(envCreateArgs(this.bin, options), run))
  }

  /** `install -y --json -p PREFIX … SPECS` into an existing env. */
  async install(options: InstallOptions, run: CondaRunOptions = {}): Promise<CondaOpResult> {
    return toOpResult(await this.run(installArgs(this.bin, options), run))
  }

  /** `remove -y --json -p PREFIX --all`. The caller checks the directory is gone (23.7.4 exits 0 on a missing env). */
  async removeAll(prefix: string, run: CondaRunOptions = {}): Promise<CondaOpResult> {
    return toOpResult(await this.run(removeAllArgs(this.bin, prefix), run))
  }

  private async query<T>(command: CondaCommand, parse: (stdout: string) => T | undefined, run: CondaRunOptions) {
    const result = await this.run(command, run)
    const value = result.exitCode === 0 && !result.timedOut ? parse(result.stdout) : undefined
    return value === undefined
      ? {ok: false as const, failure: toCondaFailure(result), result}
      : {ok: true as const, value, result}
  }

  private run(command: CondaCommand, run: CondaRunOptions = {}) {
    const env = this.env || run.env ? {...this.env, ...run.env} : undefined
    return this.runner.run({...command, env, signal: run.signal, timeoutMs: run.timeoutMs, onOutput: run.onOutput})
  }

  /** Root-level questions: a conda that cannot answer them is not a working conda, so this throws. */
  private async answer<T>(
    command: CondaCommand,
    parse: (result: RunResult) => T | undefined,
    what: string,
    run: CondaRunOptions,
  ): Promise<T> {
    const result = await this.run(command, run)
    const value = result.exitCode === 0 ? parse(result) : undefined
    if (value !== undefined) return value
    const said = toCondaFailure(result).message
    throw new ExternalCommandError(command.file, command.args, `${command.file} did not answer ${what}: ${said}`, {
      hint: `check that ${command.file} is a working conda (run it by hand with the same arguments)`,
    })
  }
}
