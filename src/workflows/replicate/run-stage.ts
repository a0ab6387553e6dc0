import {dirname} from 'node:path'

import {classifyCondaFailure, classifyPipFailure} from '../../conda/classify.js'
import type {Conda} from '../../conda/conda.js'
import {createArgs} from '../../conda/argv/create-args.js'
import {installArgs} from '../../conda/argv/install-args.js'
import type {Failure} from '../../domain/outcome.js'
import type {StageSpec} from '../../domain/replicate/stage-specs.js'
import {pipInstallArgs} from '../../pip/pip-args.js'
import {isCondamigError} from '../../errors.js'
import {Pip} from '../../pip/pip.js'
import {confineTo} from '../../system/base-confinement.js'
import {writeFresh} from '../../system/create-fresh.js'
import type {Runner} from '../../system/runner.js'
import {sharedModes} from '../../system/shared-permissions.js'

/** What a stage needs to run: the tools of the qa root and env, and the per-env limits. */
export type StageTools = {
  env: string
  /** conda (or mamba) of the qa root. */
  conda: Conda
  python: string
  runner: Runner
  /** Where the pip stage writes its requirements file. */
  requirementsFile: string
  overrideFile: string
  signal: AbortSignal
  /** Milliseconds left of the env's time budget (`--timeout`). */
  remainingMs: () => number
  onOutput: (chunk: string) => void
}

/** The exact command a stage runs (for logs and `--dry-run`). */
export const stageCommand = (spec: StageSpec, tools: Pick<StageTools, 'conda' | 'python' | 'requirementsFile'>) => {
  switch (spec.kind) {
    case 'conda-solve':
    case 'conda-fill':
    case 'conda-create': {
      return createArgs(tools.conda.bin, spec.options)
    }

    case 'conda-install': {
      return installArgs(tools.conda.bin, spec.options)
    }

    case 'pip-file': {
      return pipInstallArgs(tools.python, [], {requirementsFile: tools.requirementsFile})
    }

    case 'pip-url': {
      return pipInstallArgs(tools.python, [spec.url])
    }
  }
}

/** What a step found: its classified failure, or for a solve the packages of the solution (`dist_name`s). */
export type StepRun = {failure?: Failure; solution?: string[]}

/** The `dist_name` of every package a dry-run solve would link. */
const solutionOf = (document: Record<string, unknown> | undefined): string[] | undefined => {
  const link = (document?.actions as {LINK?: {dist_name?: unknown}[]} | undefined)?.LINK
  if (!Array.isArray(link)) return undefined
  const names = link.map((entry) => entry.dist_name)
  return names.every((name): name is string => typeof name === 'string') ? names : undefined
}

/**
 * Writes the pip stage's requirements file in the run's log folder as a new file of condamig's own (never through a
 * link a co-admin planted there: system/create-fresh.ts); a refusal is this env's failure, naming the file.
 */
const writeRequirements = (file: string, requirements: readonly string[]): Failure | undefined => {
  const dir = dirname(file)
  try {
    writeFresh(file, `${requirements.join('\n')}\n`, {
      what: 'requirements file',
      mode: sharedModes(dir).file,
      within: confineTo(dir),
      replace: true,
    })
    return undefined
  } catch (error) {
    if (!isCondamigError(error)) throw error
    const remediation = `remove ${file} (someone may have planted it) and run condamig replicate again`
    return {stage: 'pip', category: 'unknown', packages: [], message: error.message, remediation}
  }
}

/** Runs one step; a failure comes back classified for the report (stage, category, packages, remediation). */
export const runStage = async (spec: StageSpec, tools: StageTools): Promise<StepRun> => {
  const run = {signal: tools.signal, timeoutMs: Math.max(1, tools.remainingMs()), onOutput: tools.onOutput}
  const {env, overrideFile} = tools
  if (spec.kind !== 'pip-file' && spec.kind !== 'pip-url') {
    const result =
      spec.kind === 'conda-install'
        ? await tools.conda.install(spec.options, run)
        : await tools.conda.create(spec.options, run)
    if (result.ok) return spec.kind === 'conda-solve' ? {solution: solutionOf(result.document)} : {}
    // a noarch install names its one package even when conda's message does not
    const failure =
      spec.stage === 'noarch' && result.failure.packages.length === 0
        ? {...result.failure, packages: [...spec.options.specs]}
        : result.failure
    return {
      failure: classifyCondaFailure(failure, {
        env,
        overrideFile,
        channels: spec.options.channels,
        stage: spec.stage,
        condaBin: tools.conda.bin,
      }),
    }
  }

  const pip = new Pip({python: tools.python, runner: tools.runner})
  if (spec.kind === 'pip-file') {
    const refused = writeRequirements(tools.requirementsFile, spec.requirements)
    if (refused) return {failure: refused}
    const result = await pip.install([], {...run, requirementsFile: tools.requirementsFile})
    return result.ok ? {} : {failure: classifyPipFailure(result.failure, {env, overrideFile, stage: 'pip'})}
  }

  const result = await pip.install([spec.url], run)
  return result.ok
    ? {}
    : {failure: classifyPipFailure(result.failure, {env, overrideFile, stage: 'git', url: spec.url})}
}
