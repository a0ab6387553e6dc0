import type {HumanTodo, SpecChange} from '../env-plan.js'
import type {EnvSpec} from '../env-spec.js'
import type {RepairContext, RepairResult} from './repair.js'

const todo = (raw: string, name: string): HumanTodo => ({
  subject: raw,
  reason:
    'conda syntax under `pip:`, which pip rejects: move it to the conda dependencies or write it as ' +
    `name==version, in env_specs/overrides/${name}.yml`,
})

/**
 * Conda-style specs under `pip:` (`numpy=1.2`, `python=3.7.10=h88f…`, `pylint 2.6.0`) would make pip reject the
 * whole requirements file, so the pip step would install nothing. They are set aside for a human, who knows
 * whether conda or pip was meant. For an override (used as written) `keep` leaves them in and only warns.
 */
export const setAsideCondaStylePip = (spec: EnvSpec, ctx: RepairContext, keep = false): RepairResult => {
  const changes: SpecChange[] = []
  const todos: HumanTodo[] = []
  const pip = spec.pip.filter((dep) => {
    if (dep.condaStyle !== true) return true
    todos.push(todo(dep.raw, ctx.name))
    if (keep) return true
    changes.push({
      rule: 'pip-conda-style',
      subject: dep.raw,
      reason: 'taken out of the pip step: pip rejects conda syntax',
    })
    return false
  })
  return {spec: keep ? spec : {...spec, pip}, changes, todos}
}
