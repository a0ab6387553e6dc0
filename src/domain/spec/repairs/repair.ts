import type {EnvStep, HumanTodo, SpecChange} from '../env-plan.js'
import type {EnvSpec} from '../env-spec.js'
import type {PipOrigin} from '../pip-origin.js'
import type {Category} from '../../outcome.js'

/** What every repair may consult: the env's name and the settings that shape its new spec. */
export type RepairContext = {
  /** The env's name in the inventory (for remediation sentences: `env_specs/overrides/NAME.yml`). */
  name: string
  /** Configured channels, in priority order (ini `channels`). */
  channels: string[]
  /** ini `channel_map`: old channel → new channel; an empty new channel drops the old one. */
  channelMap: Record<string, string>
  /** Local legacy noarch packages (ini `noarch_packages`). */
  noarchPackages: string[]
  /** ini `min_python`. */
  minPython: string
  /** Origins of pip packages recovered from the old env's direct_url.json files. */
  pipOrigins: PipOrigin[]
}

/** A step taken out of the spec to run after create: local noarch packages and VCS installs. */
export type DeferredStep = Extract<EnvStep, {kind: 'noarch' | 'git'}>

/** Why an env must not be attempted (EnvPlan.refusal). */
export type Refusal = {category: Category; message: string; remediation: string; packages: string[]}

export type RepairResult = {
  spec: EnvSpec
  changes: SpecChange[]
  todos?: HumanTodo[]
  deferred?: DeferredStep[]
  refusal?: Refusal
}

/** One repair rule: pure, never mutates its input, lists every change it made with its reason. */
export type Repair = (spec: EnvSpec, ctx: RepairContext) => RepairResult
