import type {EnvPlan} from '../spec/env-plan.js'
import type {Stage} from '../outcome.js'

/** How the qa root solves (see conda/choose-solver): mamba means create/install run `bin/mamba`. */
export type Solver = 'mamba' | 'libmamba' | 'classic'

type Solve = {channels: string[]; overrideChannels: boolean; solver?: 'libmamba'}

/** One stage of one env, as data: what runs, in order (STYLE §12: commands are data). */
export type StageSpec =
  /** Solve and fill the package cache, serialised across envs (conda does not lock extraction). */
  | {stage: 'solve'; kind: 'conda-create'; options: Solve & {prefix: string; specs: string[]; downloadOnly: true}}
  /** Link from the filled cache, in parallel, without touching the network or the cache. */
  | {stage: 'create'; kind: 'conda-create'; options: Solve & {prefix: string; specs: string[]; offline: boolean}}
  | {stage: 'noarch'; kind: 'conda-install'; options: Solve & {prefix: string; specs: string[]}}
  | {stage: 'pip'; kind: 'pip-file'; requirements: string[]}
  | {stage: 'git'; kind: 'pip-url'; url: string}

/** Stages that fill or read the shared package cache and so must not overlap between envs. */
export const usesCacheGate = (spec: StageSpec): boolean => spec.stage === 'solve' || spec.stage === 'noarch'

/**
 * The stages of an env, in order: solve (download-only, gated) → create (offline) → noarch installs → pip → git.
 * An env with no conda packages still gets an (empty) create, so pip has an env to go into.
 */
export const stageSpecs = (plan: EnvPlan, prefix: string, solver: Solver): StageSpec[] => {
  const channels = [...(plan.steps.find((s) => s.kind === 'create')?.channels ?? [])]
  const solve: Solve = {
    channels,
    overrideChannels: channels.length > 0,
    ...(solver === 'libmamba' ? {solver: 'libmamba' as const} : {}),
  }
  return plan.steps.flatMap((step): StageSpec[] => {
    switch (step.kind) {
      case 'create': {
        const specs = [...step.specs]
        const create: StageSpec = {
          stage: 'create',
          kind: 'conda-create',
          options: {...solve, prefix, specs, offline: specs.length > 0},
        }
        if (specs.length === 0) return [create]
        return [{stage: 'solve', kind: 'conda-create', options: {...solve, prefix, specs, downloadOnly: true}}, create]
      }

      case 'noarch': {
        return [{stage: 'noarch', kind: 'conda-install', options: {...solve, prefix, specs: [step.package]}}]
      }

      case 'pip': {
        return [{stage: 'pip', kind: 'pip-file', requirements: step.requirements.map((r) => r.raw)}]
      }

      case 'git': {
        return [{stage: 'git', kind: 'pip-url', url: step.url}]
      }
    }
  })
}

/** The title of an env's task while a stage runs: `hlink — solve`. */
export const stageTitle = (env: string, stage: Stage): string => `${env} — ${stage}`
