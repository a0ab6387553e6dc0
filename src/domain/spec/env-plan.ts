import type {Category} from '../outcome.js'
import type {EnvSpec, PipDep} from './env-spec.js'

/** The contract's repair rules (CONTRACT §5) and condamig's extra ones (issue 3). */
export type RepairRule =
  | 'prefix-and-builds' // §5.1
  | 'noarch-deferred' // §5.2
  | 'pip-deduplicated' // §5.3
  | 'vcs-extracted' // §5.4
  | 'channels' // §5.5
  | 'pip-origin-restored' // from NAME.meta.json direct_url.json origins
  | 'platform-dropped' // packages that exist only on Windows/macOS
  | 'override' // a human's override file was used as written
  | 'pip-conda-style' // conda syntax (`numpy=1.2`) under `pip:`, which pip rejects
  | 'pip-added' // a pip section (or VCS step) needs pip in the env, as `conda env create` adds it

/** One change a repair made, with its reason: what `plan` lists. */
export type SpecChange = {
  rule: RepairRule
  /** The dependency or field changed, as written (`numpy=1.21.2=py39h`, `channels`). */
  subject: string
  /** What it became, when it still exists (`numpy=1.21.2`); absent when removed. */
  result?: string
  reason: string
}

/** Something a human must handle; replicate reports it, it does not stop the env. */
export type HumanTodo = {
  subject: string
  reason: string
}

/** The steps replicate runs for one env, in order. */
export type EnvStep =
  | {kind: 'create'; specs: string[]; channels: string[]}
  | {kind: 'pip'; requirements: PipDep[]}
  | {kind: 'noarch'; package: string}
  | {kind: 'git'; url: string; name?: string}

/** One pip option of the pip step: its name whatever the spelling, its value, where the spec has it. */
export type PipOptionUse = {option: string; value?: string; raw: string; line?: number}

export type EnvPlan = {
  name: string
  /** Where the spec came from. */
  source: 'export' | 'override'
  sourceFile: string
  /** Hash of the repaired spec and steps: an env replicated from the same hash is skipped. */
  specHash: string
  spec: EnvSpec
  changes: SpecChange[]
  steps: EnvStep[]
  humanTodos: HumanTodo[]
  /**
   * The pip options the pip step passes (`--extra-index-url URL`: pip also looks there), named so a human sees where
   * pip will look; absent when none. Any other option is refused (issue 8, point 6).
   */
  pipOptions?: PipOptionUse[]
  /** Set when the env must not be attempted (e.g. python older than min_python). */
  refusal?: {category: Category; message: string; remediation: string; packages: string[]}
}
