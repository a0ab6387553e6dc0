import type {EnvStep} from './env-plan.js'
import type {EnvSpec, RefusedEntry} from './env-spec.js'
import {PASSED_PIP_OPTIONS} from './parse-pip-dep.js'
import {pipEntryProblem, vcsRevisionProblem} from './pip-entry-problem.js'
import type {Refusal} from './repairs/repair.js'

const CONDA_OPTION = 'starts with `-`: conda would read it as an option'

/** Why a pip requirement or VCS URL built by a repair (a recovered origin) must not reach pip. */
const pipProblem = (text: string, vcs: boolean): string | undefined =>
  text.startsWith('-')
    ? 'starts with `-`: pip would read it as an option'
    : (pipEntryProblem(text) ?? (vcs ? vcsRevisionProblem(text) : undefined))

/**
 * What the repairs brought in from outside the spec file, checked as the parser checks the file: channels and
 * specs from condamig.ini (`channels`, `channel_map`, `noarch_packages`), pip URLs from the origins export
 * recovered (NAME.meta.json, written from files in the old env). The spec file's own entries were checked when it
 * was parsed, so anything found here came from those.
 */
const stepEntries = (steps: readonly EnvStep[], name: string): RefusedEntry[] => {
  const settings = 'condamig.ini (channels, channel_map, noarch_packages)'
  const origins = `the pip origins export recovered (${name}.meta.json)`
  const found: RefusedEntry[] = []
  for (const step of steps) {
    if (step.kind === 'create') {
      for (const channel of step.channels) {
        if (channel.startsWith('-')) found.push({where: settings, text: channel, why: `${CONDA_OPTION}, not a channel`})
      }

      for (const spec of step.specs) {
        if (spec.startsWith('-')) found.push({where: settings, text: spec, why: `${CONDA_OPTION}, not a package spec`})
      }
    } else if (step.kind === 'noarch') {
      if (step.package.startsWith('-')) {
        found.push({where: settings, text: step.package, why: `${CONDA_OPTION}, not a package spec`})
      }
    } else if (step.kind === 'pip') {
      for (const dep of step.requirements) {
        const why = dep.kind === 'option' ? undefined : pipProblem(dep.raw, dep.kind === 'vcs')
        if (why !== undefined) found.push({where: origins, text: dep.raw, why})
      }
    } else {
      const why = pipProblem(step.url, true)
      if (why !== undefined) found.push({where: origins, text: step.url, why})
    }
  }

  return found
}

/**
 * Spec entries are data, never options (issue 8, point 6): an env whose spec (or whatever the repairs added from
 * settings and recovered origins) holds an entry conda or pip would read as an option, or as more than one entry,
 * is refused before anything runs, naming each entry with its file:line. Undefined when there is none.
 */
export const optionLikeRefusal = (spec: EnvSpec, steps: readonly EnvStep[], name: string): Refusal | undefined => {
  const entries = [...(spec.refused ?? []), ...stepEntries(steps, name)]
  if (entries.length === 0) return undefined
  return {
    category: 'unknown',
    message: entries.map((entry) => `${entry.where}: ${entry.text}: ${entry.why}`).join('; '),
    remediation:
      `Remove or rewrite ${entries.length === 1 ? 'that entry' : 'those entries'} in the file named, or in ` +
      `env_specs/overrides/${name}.yml (a repaired copy of the spec): an entry is a package or a channel, and the ` +
      `only pip options passed are ${PASSED_PIP_OPTIONS}.`,
    packages: entries.map((entry) => entry.text),
  }
}
