import type {EnvPlan} from '../spec/env-plan.js'
import type {Stage} from '../outcome.js'

/** How the qa root solves (see conda/choose-solver): mamba means create/install run `bin/mamba`. */
export type Solver = 'mamba' | 'libmamba' | 'classic'

type Solve = {channels: string[]; overrideChannels: boolean; solver?: SolverFlag}

/** The `--solver=…` every solve gets (conda/choose-solver decides; undefined: the root's own config). */
export type SolverFlag = 'libmamba' | 'classic'
type Target = Solve & {prefix: string; specs: string[]}

/**
 * One step of one env, as data (STYLE §12: commands are data). `stage` is the report's column; `step` names the
 * task title. Only the cache fill and noarch installs touch the shared package cache, so only they are gated.
 */
export type StageSpec =
  /** Solve only (`--dry-run`), in parallel: finds missing packages and conflicts without touching `pkgs/`. */
  | {stage: 'solve'; step: 'solve'; kind: 'conda-solve'; options: Target & {dryRun: true}}
  /** Fill the package cache (`--download-only`), one env at a time: conda does not lock extraction. */
  | {stage: 'solve'; step: 'fetch'; kind: 'conda-fill'; options: Target & {downloadOnly: true}}
  /** Link from the filled cache, in parallel, without touching the network or the cache. */
  | {stage: 'create'; step: 'create'; kind: 'conda-create'; options: Target & {offline: boolean}}
  | {stage: 'noarch'; step: 'noarch'; kind: 'conda-install'; options: Target}
  | {stage: 'pip'; step: 'pip'; kind: 'pip-file'; requirements: string[]}
  | {stage: 'git'; step: 'git'; kind: 'pip-url'; url: string}

/**
 * How a step uses the shared package cache: a fill (fetch, noarch install) is `exclusive`; every other conda step
 * loads the cache, and conda extracts a half-extracted package it finds there, so it is `shared`; pip is `none`.
 */
export const cacheGateUse = (spec: StageSpec): 'exclusive' | 'shared' | 'none' =>
  spec.kind === 'conda-fill' || spec.kind === 'conda-install'
    ? 'exclusive'
    : spec.kind === 'pip-file' || spec.kind === 'pip-url'
      ? 'none'
      : 'shared'

/**
 * The steps of an env, in order: solve (dry run, parallel) → fetch (download-only, gated, skipped when the
 * solution is already extracted) → create (offline, parallel) → noarch installs → pip → git.
 * An env with no conda packages still gets an (empty) create, so pip has an env to go into.
 */
export const stageSpecs = (plan: EnvPlan, prefix: string, solver?: SolverFlag): StageSpec[] => {
  const channels = [...(plan.steps.find((s) => s.kind === 'create')?.channels ?? [])]
  const solve: Solve = {
    channels,
    overrideChannels: channels.length > 0,
    ...(solver && {solver}),
  }
  return plan.steps.flatMap((step): StageSpec[] => {
    switch (step.kind) {
      case 'create': {
        const target = {...solve, prefix, specs: [...step.specs]}
        const create: StageSpec = {
          stage: 'create',
          step: 'create',
          kind: 'conda-create',
          options: {...target, offline: target.specs.length > 0},
        }
        if (target.specs.length === 0) return [create]
        return [
          {stage: 'solve', step: 'solve', kind: 'conda-solve', options: {...target, dryRun: true}},
          {stage: 'solve', step: 'fetch', kind: 'conda-fill', options: {...target, downloadOnly: true}},
          create,
        ]
      }

      case 'noarch': {
        return [
          {stage: 'noarch', step: 'noarch', kind: 'conda-install', options: {...solve, prefix, specs: [step.package]}},
        ]
      }

      case 'pip': {
        return [{stage: 'pip', step: 'pip', kind: 'pip-file', requirements: step.requirements.map((r) => r.raw)}]
      }

      case 'git': {
        return [{stage: 'git', step: 'git', kind: 'pip-url', url: step.url}]
      }
    }
  })
}

/** The title of an env's task while a step runs: `hlink — solve`. */
export const stageTitle = (env: string, step: StageSpec['step'] | Stage): string => `${env} — ${step}`
