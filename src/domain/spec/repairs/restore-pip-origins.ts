import type {HumanTodo, SpecChange} from '../env-plan.js'
import type {EnvSpec, PipDep} from '../env-spec.js'
import {normalizeName} from '../pep503.js'
import type {PipOrigin} from '../pip-origin.js'
import {vcsRequirement} from '../vcs-url.js'
import type {RepairContext, RepairResult} from './repair.js'

/** `git+https://host/repo.git@<commit>#egg=name`: pinned to the commit the old env had. */
const originUrl = (origin: PipOrigin): string => {
  const base = /^(?:git|hg|svn|bzr)\+/i.test(origin.url) ? origin.url : `${origin.vcs ?? 'git'}+${origin.url}`
  return vcsRequirement(origin.commit === undefined ? base : `${base}@${origin.commit}`, origin.name)
}

/** Only plain `name` / `name==version` entries: anything else already says where it comes from. */
const isRestorable = (dep: PipDep): boolean =>
  dep.kind === 'requirement' && dep.name !== undefined && (dep.specifier === undefined || /^==[^=]/.test(dep.specifier))

/**
 * `conda env export` loses pip's VCS origins: a `git+…@v0.2.0` install comes out as `hlink-private==0.2.0`,
 * which no index has (transcripts migration-*: "No matching distribution found"). Origins recovered from the old
 * env's direct_url.json put the URL back (it then becomes a git step); a local-path origin becomes a human todo.
 */
export const restorePipOrigins = (spec: EnvSpec, ctx: RepairContext): RepairResult => {
  const origins = new Map(ctx.pipOrigins.map((origin) => [normalizeName(origin.name), origin]))
  const changes: SpecChange[] = []
  const todos: HumanTodo[] = []
  const pip: PipDep[] = []
  for (const dep of spec.pip) {
    const origin = isRestorable(dep) && dep.name ? origins.get(normalizeName(dep.name)) : undefined
    if (origin === undefined) {
      pip.push(dep)
    } else if (origin.kind === 'vcs') {
      const url = originUrl(origin)
      pip.push({raw: url, kind: 'vcs', name: dep.name, url, ...(dep.line === undefined ? {} : {line: dep.line})})
      changes.push({
        rule: 'pip-origin-restored',
        subject: dep.raw,
        result: url,
        reason: 'conda env export drops VCS origins; this one was recovered from the old env (direct_url.json)',
      })
    } else {
      const reason = `was installed from a local path (${origin.url}) that pip cannot fetch for the new env`
      changes.push({rule: 'pip-origin-restored', subject: dep.raw, reason: `taken out: ${reason}`})
      todos.push({subject: dep.raw, reason: `${reason}: install it by hand into the new env, or add it to an override`})
    }
  }

  return {spec: {...spec, pip}, changes, todos}
}
