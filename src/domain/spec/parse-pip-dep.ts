import type {PipDep} from './env-spec.js'

const VCS = /^(?:git|hg|svn|bzr)\+/i
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i
/** `.`, `./x`, `../x`, `/abs`, `~/x`, `C:\x`, or a relative path with a separator (`dist/pkg.whl`). */
const PATH = /^(?:\.{1,2}(?:[\\/]|$)|[\\/~]|[A-Za-z]:[\\/])|[\\/]/
/** PEP 508 direct reference: `name @ url`, also written without spaces (`q2-boots@git+https://…`). */
const DIRECT = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*@\s*(\S.*)$/
const REQUIREMENT = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$/

/** The `#egg=name` of a URL, the only place pip's legacy URL forms carry the project name. */
const eggName = (url: string): string | undefined => /#(?:[^#]*&)?egg=([A-Za-z0-9._-]+)/.exec(url)?.[1]

/** Where a URL or path points: version control, a local path, or a plain download URL. */
const kindOfTarget = (target: string): 'vcs' | 'local' | 'url' =>
  VCS.test(target) ? 'vcs' : /^file:/i.test(target) || !SCHEME.test(target) ? 'local' : 'url'

/**
 * Conda syntax that pip rejects: `numpy=1.2`, `numpy=1.2=py_0`, `pylint 2.6.0` (a bare version after a space),
 * `numpy==1.2=py_0` (a build string).
 */
const isCondaStyle = (rest: string, spaced: boolean): boolean =>
  /^=(?!=)/.test(rest) || /^==[^=;]*=/.test(rest) || (spaced && /^\d/.test(rest))

const withLine = (dep: PipDep, line: number | undefined): PipDep => (line === undefined ? dep : {...dep, line})

/**
 * Parses one entry of a `pip:` section: a requirement (`name[extra]>=1 ; marker`), a VCS URL (`git+…#egg=x`,
 * `name @ git+…`), an editable (`-e …`), a local path (`.`, `file:…`, `name @ file:…`), a download URL, or a pip
 * option (`--extra-index-url URL`). Total: never throws; unknown text is a nameless requirement.
 */
export const parsePipDep = (raw: string, line?: number): PipDep => {
  const text = raw.trim()
  const editable = /^(?:-e|--editable)(?:\s+|=)(\S.*)$/.exec(text)
  if (editable?.[1] !== undefined) {
    const url = editable[1].trim()
    const direct = DIRECT.exec(url)
    return withLine({raw: text, kind: 'editable', url, name: direct?.[1] ?? eggName(url)}, line)
  }

  if (text.startsWith('-')) {
    const value = /^\S+(?:\s+|=)(\S.*)$/.exec(text)?.[1]
    return withLine(value === undefined ? {raw: text, kind: 'option'} : {raw: text, kind: 'option', url: value}, line)
  }

  const direct = DIRECT.exec(text)
  if (direct?.[1] !== undefined && direct[3] !== undefined) {
    return withLine({raw: text, kind: kindOfTarget(direct[3]), name: direct[1], url: direct[3].trim()}, line)
  }

  if (VCS.test(text) || SCHEME.test(text) || /^file:/i.test(text) || PATH.test(text)) {
    return withLine({raw: text, kind: kindOfTarget(text), name: eggName(text), url: text}, line)
  }

  const requirement = REQUIREMENT.exec(text)
  if (requirement?.[1] === undefined) return withLine({raw: text, kind: 'requirement'}, line)
  const rest = requirement[3] ?? ''
  const spaced = /\s/.test(text.slice(requirement[1].length, requirement[1].length + 1))
  const dep: PipDep = {raw: text, kind: 'requirement', name: requirement[1]}
  if (rest !== '') dep.specifier = rest.trim()
  if (isCondaStyle(rest, spaced)) dep.condaStyle = true
  return withLine(dep, line)
}
