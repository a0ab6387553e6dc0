// node:crypto is pure computation here (no I/O, no clock, no randomness): the one node import domain/ needs.
import {createHash} from 'node:crypto'
import type {EnvStep} from './env-plan.js'
import type {EnvSpec} from './env-spec.js'

/** A step as it is built: pip entries by their text, without line numbers (moving a comment rebuilds nothing). */
const buildable = (step: EnvStep): unknown =>
  step.kind === 'pip' ? {kind: 'pip', requirements: step.requirements.map((dep) => dep.raw)} : step

/**
 * A stable hash of what replicate would build: the steps (create specs and channels, pip requirements, noarch
 * and git installs, in order) and the env variables. An env already built from the same hash is skipped.
 */
export const specHash = (steps: readonly EnvStep[], spec: Pick<EnvSpec, 'variables'>): string =>
  createHash('sha256')
    .update(JSON.stringify({v: 1, steps: steps.map(buildable), variables: spec.variables ?? {}}))
    .digest('hex')
