import type {HumanTodo, SpecChange} from '../env-plan.js'
import type {EnvSpec, PipDep} from '../env-spec.js'
import {vcsRequirement} from '../vcs-url.js'
import type {DeferredStep, RepairContext, RepairResult} from './repair.js'

const VCS = /^(?:git|hg|svn|bzr)\+/i

/** pip options that read a file next to the OLD environment file (`-r`, `--constraint=…`, as the parser named them). */
const readsLocalFile = (dep: PipDep): boolean =>
  dep.kind === 'option' && (dep.option === '--requirement' || dep.option === '--constraint')

const localTodo = (name: string): string =>
  'installed from a local path, relative to the old environment file: pip cannot install it for the new env; ' +
  `install it by hand, or replace it in env_specs/overrides/${name}.yml`

/**
 * CONTRACT §5.4: pip entries from version control or a local path come out of the pip step. VCS URLs (`git+…`,
 * `name @ git+…`, `-e git+…#egg=x`) become git steps, tried after the others and reported as `git_manual` if
 * they fail; an editable VCS install is made non-editable (its checkout would land in condamig's working
 * directory). Local paths (`.`, `-e .`, `file:…`, `-r file`) become human todos.
 */
export const extractVcsPip = (spec: EnvSpec, ctx: RepairContext): RepairResult => {
  const changes: SpecChange[] = []
  const todos: HumanTodo[] = []
  const deferred: DeferredStep[] = []
  const pip = spec.pip.filter((dep) => {
    const target = dep.url ?? ''
    const isVcs = (dep.kind === 'vcs' || dep.kind === 'editable') && VCS.test(target)
    if (isVcs) {
      const url = vcsRequirement(target, dep.name)
      deferred.push(dep.name === undefined ? {kind: 'git', url} : {kind: 'git', url, name: dep.name})
      const editable = dep.kind === 'editable' ? '; installed non-editable, as a shared env cannot use a checkout' : ''
      const reason = `installed from version control: a git step after the other steps${editable}`
      changes.push({rule: 'vcs-extracted', subject: dep.raw, result: url, reason})
      return false
    }

    if (dep.kind === 'local' || dep.kind === 'editable' || readsLocalFile(dep)) {
      changes.push({rule: 'vcs-extracted', subject: dep.raw, reason: 'taken out: a local path (see human todos)'})
      todos.push({subject: dep.raw, reason: localTodo(ctx.name)})
      return false
    }

    return true
  })
  return {spec: {...spec, pip}, changes, todos, deferred}
}
