import type {Category, Failure, Stage} from '../domain/outcome.js'
import type {PipFailure} from '../pip/types.js'
import {condaRemediation, INTERRUPTED_REMEDIATION, pipRemediation, timeoutRemediation} from './remediation.js'
import type {CondaFailure} from './types.js'

/** What the classifier needs to know about the step that failed. */
export type ClassifyContext = {
  env: string
  /** The env's override spec as a human finds it, relative to BASE: `env_specs/overrides/NAME.yml`. */
  overrideFile: string
  /** The channels the step searched, in priority order. */
  channels: readonly string[]
  /** The stage the workflow was running. */
  stage: Stage
  /** The conda that ran (absolute), named by remediations that fix the root itself. */
  condaBin?: string
}

/**
 * The stage the failure belongs to: a `create` that failed to solve stopped at `solve`, an env create
 * whose pip section failed at `pip`. Steps that run after the create (noarch, git, pip, verify) keep theirs.
 */
const stageOf = (failure: CondaFailure, stage: Stage): Stage =>
  (stage === 'create' || stage === 'solve') && failure.stageHint ? failure.stageHint : stage

/** In the noarch step every conda failure is a noarch failure, except the run being stopped. */
const categoryOf = (failure: CondaFailure, stage: Stage): Category =>
  stage === 'noarch' && failure.category !== 'timeout' && failure.category !== 'interrupted'
    ? 'noarch_error'
    : failure.category

/**
 * Turns a conda failure into the report's failure (CONTRACT §4): stage, category, the specs at fault,
 * the few lines that matter and one remediation sentence.
 */
export const classifyCondaFailure = (failure: CondaFailure, context: ClassifyContext): Failure => {
  const category = categoryOf(failure, context.stage)
  return {
    stage: stageOf(failure, context.stage),
    category,
    packages: failure.packages,
    message: failure.message,
    remediation: condaRemediation(failure, category, context),
  }
}

/** What the classifier needs for pip run directly: the stage, and for `git` the URL that was tried. */
export type PipClassifyContext = {env: string; overrideFile: string; stage: 'pip' | 'git'; url?: string}

/**
 * Turns a direct pip failure into the report's failure. A VCS requirement that pip cannot install is
 * `git_manual` with its URL in `packages` (CONTRACT §5 rule 4): a human has to install it.
 */
export const classifyPipFailure = (failure: PipFailure, context: PipClassifyContext): Failure => {
  const {stage, overrideFile} = context
  const {message, packages} = failure
  if (failure.timedOut) return {stage, category: 'timeout', packages, message, remediation: timeoutRemediation('pip')}
  if (failure.cancelled)
    return {stage, category: 'interrupted', packages, message, remediation: INTERRUPTED_REMEDIATION}
  if (stage === 'git') {
    const url = context.url ?? packages[0] ?? ''
    // the failed env is removed (unless --keep-failed), so the fix goes into the spec, not into the env
    const remediation = `pip could not install ${url || 'the VCS requirement'} (the repository moved, or the revision is gone?): write the spec with a URL that works in the pip section of ${overrideFile}, or replace the entry with a published version, then rerun with --retry-failed`
    return {stage, category: 'git_manual', packages: url ? [url] : [], message, remediation}
  }
  return {stage, category: 'pip_error', packages, message, remediation: pipRemediation(packages, overrideFile)}
}
