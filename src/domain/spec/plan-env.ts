import type {Settings} from '../settings.js'
import type {EnvPlan, EnvStep, HumanTodo, PipOptionUse, SpecChange} from './env-plan.js'
import type {EnvSpec} from './env-spec.js'
import {formatCondaDep} from './format-conda-dep.js'
import {normalizeName} from './pep503.js'
import {parseCondaDep} from './parse-conda-dep.js'
import {optionLikeRefusal} from './option-like-refusal.js'
import {parseExport} from './parse-export.js'
import type {PipOrigin} from './pip-origin.js'
import {dedupePip} from './repairs/dedupe-pip.js'
import {deferNoarchPackages} from './repairs/defer-noarch-packages.js'
import {dropPlatformPackages} from './repairs/drop-platform-packages.js'
import {extractVcsPip} from './repairs/extract-vcs-pip.js'
import {minPython} from './repairs/min-python.js'
import type {DeferredStep, Refusal, Repair, RepairContext} from './repairs/repair.js'
import {restorePipOrigins} from './repairs/restore-pip-origins.js'
import {rewriteChannels} from './repairs/rewrite-channels.js'
import {setAsideCondaStylePip} from './repairs/set-aside-conda-style-pip.js'
import {stripPrefixAndBuilds} from './repairs/strip-prefix-and-builds.js'
import {specHash} from './spec-hash.js'

export type PlanEnvInput = {
  /** The env's name in the inventory; the plan and the repaired spec carry it. */
  name: string
  text: string
  /** Path of the file, for messages (`env_specs/hlink.yml`). */
  file: string
  source: 'export' | 'override'
  settings: Pick<Settings, 'channels' | 'channelMap' | 'noarchPackages' | 'minPython'>
  pipOrigins?: PipOrigin[]
}

/**
 * The order matters: builds go before anything compares versions, channels are rewritten before noarch steps
 * copy `channel::` prefixes, origins are restored before VCS entries are extracted, and de-duplication sees the
 * conda section without the noarch packages. The min-python check looks at the final spec.
 */
const EXPORT_REPAIRS: readonly Repair[] = [
  stripPrefixAndBuilds,
  dropPlatformPackages,
  rewriteChannels,
  restorePipOrigins,
  deferNoarchPackages,
  dedupePip,
  extractVcsPip,
  setAsideCondaStylePip,
  minPython,
]

/** An override is used as written: only split into steps (noarch, git, local todos), and checked. */
const OVERRIDE_REPAIRS: readonly Repair[] = [
  deferNoarchPackages,
  extractVcsPip,
  (spec, ctx) => setAsideCondaStylePip(spec, ctx, true),
  minPython,
]

type Applied = {spec: EnvSpec; changes: SpecChange[]; todos: HumanTodo[]; deferred: DeferredStep[]; refusal?: Refusal}

const applyRepairs = (spec: EnvSpec, ctx: RepairContext, repairs: readonly Repair[]): Applied => {
  const applied: Applied = {spec, changes: [], todos: [], deferred: []}
  for (const repair of repairs) {
    const result = repair(applied.spec, ctx)
    applied.spec = result.spec
    // one loop per list, not push(...list): a spread of 200,000 changes overflows the call stack (issue 8e)
    for (const change of result.changes) applied.changes.push(change)
    for (const todo of result.todos ?? []) applied.todos.push(todo)
    for (const step of result.deferred ?? []) applied.deferred.push(step)
    applied.refusal ??= result.refusal
  }

  return applied
}

/** Noarch steps run before pip (pip would look for the local package on an index), one per package. */
const buildSteps = (spec: EnvSpec, deferred: readonly DeferredStep[], changes: SpecChange[]): EnvStep[] => {
  const noarch = new Map<string, EnvStep>()
  for (const step of deferred) {
    const key = step.kind === 'noarch' ? normalizeName(parseCondaDep(step.package).name) : ''
    if (step.kind === 'noarch' && !noarch.has(key)) noarch.set(key, step)
  }

  const git = deferred.filter((step) => step.kind === 'git')
  const specs = spec.conda.map(formatCondaDep)
  const needsPip = spec.pip.length > 0 || git.length > 0
  if (needsPip && !spec.conda.some((dep) => dep.name.toLowerCase() === 'pip')) {
    specs.push('pip')
    changes.push({
      rule: 'pip-added',
      subject: 'pip',
      result: 'pip',
      reason: "the pip and git steps run the env's own pip",
    })
  }

  const steps: EnvStep[] = [{kind: 'create', specs, channels: spec.channels}, ...noarch.values()]
  if (spec.pip.length > 0) steps.push({kind: 'pip', requirements: spec.pip})
  return [...steps, ...git]
}

/** Parser notes (unknown keys, invalid YAML read line by line) and env variables replicate does not set. */
const parserTodos = (spec: EnvSpec): HumanTodo[] => [
  ...(spec.warnings ?? []).map((warning) => ({subject: 'spec file', reason: warning})),
  ...Object.keys(spec.variables ?? {}).map((key) => ({
    subject: `variables: ${key}`,
    reason: 'env variables are not set by replicate: set them with `conda env config vars set -p PREFIX`',
  })),
]

/** The options the pip step passes to pip, for the plan (the parser refused every other). */
const pipOptionsOf = (steps: readonly EnvStep[]): PipOptionUse[] =>
  steps.flatMap((step) =>
    step.kind === 'pip'
      ? step.requirements.flatMap((dep): PipOptionUse[] =>
          dep.kind === 'option' && dep.option !== undefined
            ? [
                {
                  option: dep.option,
                  ...(dep.url !== undefined && {value: dep.url}),
                  raw: dep.raw,
                  ...(dep.line !== undefined && {line: dep.line}),
                },
              ]
            : [],
        )
      : [],
  )

/**
 * Plans one env: parses its spec (export or override), applies the repairs of CONTRACT §5 in order and splits
 * it into the steps replicate runs (create → noarch… → pip → git…). Pure; `plan` prints it, `replicate` runs it.
 * Throws BadInputError when the file is not an environment file.
 */
export const planEnv = (input: PlanEnvInput): EnvPlan => {
  const parsed = parseExport(input.text, input.file)
  const ctx: RepairContext = {name: input.name, ...input.settings, pipOrigins: input.pipOrigins ?? []}
  const isOverride = input.source === 'override'
  const start = isOverride && parsed.channels.length === 0 ? {...parsed, channels: [...ctx.channels]} : parsed
  const applied = applyRepairs(start, ctx, isOverride ? OVERRIDE_REPAIRS : EXPORT_REPAIRS)
  const {spec} = applied
  const changes: SpecChange[] = isOverride
    ? [{rule: 'override', subject: input.file, reason: 'a hand-repaired spec, used as written (no automatic repairs)'}]
    : []
  for (const change of applied.changes) changes.push(change)
  const steps = buildSteps(spec, applied.deferred, changes)
  const plan: EnvPlan = {
    name: input.name,
    source: input.source,
    sourceFile: input.file,
    specHash: specHash(steps, spec),
    spec,
    changes,
    steps,
    humanTodos: [...parserTodos(parsed), ...applied.todos],
  }
  const pipOptions = pipOptionsOf(steps)
  if (pipOptions.length > 0) plan.pipOptions = pipOptions
  // entries that are not data come first: nothing of such a spec may run, whatever else is wrong with it
  const refusal = optionLikeRefusal(parsed, steps, input.name) ?? applied.refusal
  if (refusal !== undefined) plan.refusal = refusal
  return plan
}
