import type {EnvStep} from '../../domain/spec/env-plan.js'
import type {PlanResult, PlannedEnv} from '../../workflows/plan.js'
import {section} from './format.js'

const describeStep = (step: EnvStep): string => {
  switch (step.kind) {
    case 'create': {
      return `create: ${step.specs.length} conda package(s) from ${step.channels.join(', ') || 'the root’s channels'}`
    }

    case 'noarch': {
      return `noarch: conda install ${step.package} (local legacy noarch package, on its own)`
    }

    case 'pip': {
      return `pip: ${step.requirements.map((r) => r.raw).join(' ')}`
    }

    case 'git': {
      return `git: pip install ${step.url}`
    }
  }
}

/** What each pip option a spec may pass makes pip do. */
const PIP_OPTION_MEANING: Record<string, string> = {
  '--index-url': 'pip looks for packages on this index instead of PyPI',
  '--extra-index-url': 'pip also looks for packages on this index',
  '--find-links': 'pip also looks for packages at this location',
  '--trusted-host': 'pip accepts this host without valid HTTPS',
  '--pre': 'pip may choose pre-release versions',
}

const presentEnv = (env: PlannedEnv): string[] => {
  if (!env.ok) return ['', `== ${env.name}: NO PLAN — ${env.message}`, `   ${env.remediation}`]
  const {plan} = env
  const header = `== ${plan.name} (${plan.sourceFile}, ${plan.source}; spec hash ${plan.specHash.slice(0, 12)})`
  const changes = plan.changes.map(
    (c) =>
      `[${c.rule}] ${c.subject}${c.result && c.result !== c.subject ? ` → ${c.result}` : c.result ? '' : ' (removed)'}: ${c.reason}`,
  )
  return [
    '',
    header,
    ...(plan.refusal
      ? [`   REFUSED (${plan.refusal.category}): ${plan.refusal.message}`, `   ${plan.refusal.remediation}`]
      : []),
    ...section('Changes', changes),
    ...section(
      'Pip options passed to pip',
      (plan.pipOptions ?? []).map(
        (o) =>
          `${o.raw}${o.line === undefined ? '' : ` (line ${o.line})`}: ${PIP_OPTION_MEANING[o.option] ?? o.option}`,
      ),
    ),
    ...section(
      'Steps',
      plan.steps.map((step, i) => `${i + 1}. ${describeStep(step)}`),
    ),
    ...section(
      'Needs a human',
      plan.humanTodos.map((t) => `${t.subject}: ${t.reason}`),
    ),
    '',
    'Repaired spec:',
    ...env.specYaml
      .trimEnd()
      .split('\n')
      .map((line) => `    ${line}`),
  ]
}

/** Human rendering of `condamig plan`. */
export const presentPlan = (result: PlanResult): string => {
  const refused = result.environments.filter((e) => e.ok && e.plan.refusal).length
  const missing = result.environments.filter((e) => !e.ok).length
  return [
    `plan for ${result.environments.length} REPLICATE environment(s)${refused + missing > 0 ? ` (${refused} refused, ${missing} without a usable spec)` : ''}`,
    ...(result.defaults
      ? [
          `defaults in qa -> ${result.defaults.root}: ${result.defaults.channels.join(', ')}${result.defaults.from === 'built-in' ? " (conda's built-in: the qa root's .condarc sets no default_channels)" : ''}`,
        ]
      : []),
    ...result.environments.flatMap(presentEnv),
    ...section('Warnings', result.warnings),
  ].join('\n')
}
