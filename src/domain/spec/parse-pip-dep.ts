import type {PipDep} from './env-spec.js'
import {pipEntryProblem, vcsRevisionProblem} from './pip-entry-problem.js'

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

/** How an option takes its value: `--index-url URL` / `--index-url=URL`, or none (`--pre`). */
type OptionSpelling = {name: string; takesValue: boolean}

/**
 * The only pip options a spec may carry, by every spelling, with the name `plan` shows: the index and link options
 * real exports and hand-written specs hold, and `-r`/`-c`, which read a file next to the OLD spec and are taken out
 * as local paths (CONTRACT §5.4). Anything else starting with `-` is refused: it is not data.
 */
const OPTIONS: ReadonlyMap<string, OptionSpelling> = new Map([
  ['--index-url', {name: '--index-url', takesValue: true}],
  ['-i', {name: '--index-url', takesValue: true}],
  ['--extra-index-url', {name: '--extra-index-url', takesValue: true}],
  ['--find-links', {name: '--find-links', takesValue: true}],
  ['-f', {name: '--find-links', takesValue: true}],
  ['--trusted-host', {name: '--trusted-host', takesValue: true}],
  ['--pre', {name: '--pre', takesValue: false}],
  ['--requirement', {name: '--requirement', takesValue: true}],
  ['-r', {name: '--requirement', takesValue: true}],
  ['--constraint', {name: '--constraint', takesValue: true}],
  ['-c', {name: '--constraint', takesValue: true}],
])

/** The options a spec may pass to pip, for messages. */
export const PASSED_PIP_OPTIONS = '--index-url (-i), --extra-index-url, --find-links (-f), --trusted-host, --pre'

/** `--index-url URL`, `--index-url=URL`, `-i URL`, `--pre`; anything else starting with `-` is refused. */
const parseOption = (text: string): PipDep => {
  const match = /^(--?[^\s=]*)(?:=(.*)|\s+(.*))?$/.exec(text)
  const spelled = match?.[1] ?? text
  const value = (match?.[2] ?? match?.[3])?.trim()
  const option = OPTIONS.get(spelled)
  const refuse = (why: string): PipDep => ({raw: text, kind: 'option', refused: why})
  if (option === undefined) {
    // `-cmd` is `-c md` to pip: short options take their value glued on
    const glued = /^-[A-Za-z]./.test(spelled)
      ? `; pip would read it as \`${spelled.slice(0, 2)} ${text.slice(2)}\``
      : ''
    return refuse(
      `not a pip option condamig passes (only ${PASSED_PIP_OPTIONS}, written as \`--option VALUE\`)${glued}`,
    )
  }

  if (!option.takesValue)
    return value === undefined
      ? {raw: text, kind: 'option', option: option.name}
      : refuse(`${option.name} takes no value`)
  if (value === undefined || value === '') return refuse(`${option.name} needs a value`)
  if (/\s/.test(value)) return refuse(`${option.name} takes one value; pip would read the rest as more options`)
  if (value.startsWith('-')) return refuse(`the value of ${option.name} starts with \`-\``)
  return {raw: text, kind: 'option', option: option.name, url: value}
}

/** Marks an entry pip would read as more than one requirement (see pipEntryProblem). */
const checked = (dep: PipDep): PipDep => {
  if (dep.refused !== undefined) return dep
  const problem =
    pipEntryProblem(dep.raw) ??
    (dep.kind === 'vcs' || dep.kind === 'editable' ? vcsRevisionProblem(dep.url ?? '') : undefined)
  return problem === undefined ? dep : {...dep, refused: problem}
}

/**
 * Parses one entry of a `pip:` section: a requirement (`name[extra]>=1 ; marker`), a VCS URL (`git+…#egg=x`,
 * `name @ git+…`), an editable (`-e …`), a local path (`.`, `file:…`, `name @ file:…`), a download URL, or a pip
 * option (`--extra-index-url URL`). Total: never throws; unknown text is a nameless requirement. An entry pip
 * would read as anything but that one entry (an option condamig does not pass, a line break, a trailing `\`,
 * `${VAR}`, a second word starting with `-`) comes back with `refused` saying why.
 */
export const parsePipDep = (raw: string, line?: number): PipDep => withLine(checked(parseEntry(raw.trim())), line)

const parseEntry = (text: string): PipDep => {
  const editable = /^(?:-e|--editable)(?:\s+|=)(\S.*)$/.exec(text)
  if (editable?.[1] !== undefined) {
    const url = editable[1].trim()
    const direct = DIRECT.exec(url)
    const name = direct?.[1] ?? eggName(url)
    return name === undefined ? {raw: text, kind: 'editable', url} : {raw: text, kind: 'editable', url, name}
  }

  if (text.startsWith('-')) return parseOption(text)

  const direct = DIRECT.exec(text)
  if (direct?.[1] !== undefined && direct[3] !== undefined) {
    return {raw: text, kind: kindOfTarget(direct[3]), name: direct[1], url: direct[3].trim()}
  }

  if (VCS.test(text) || SCHEME.test(text) || /^file:/i.test(text) || PATH.test(text)) {
    const name = eggName(text)
    return name === undefined
      ? {raw: text, kind: kindOfTarget(text), url: text}
      : {raw: text, kind: kindOfTarget(text), name, url: text}
  }

  const requirement = REQUIREMENT.exec(text)
  if (requirement?.[1] === undefined) return {raw: text, kind: 'requirement'}
  const rest = requirement[3] ?? ''
  const spaced = /\s/.test(text.slice(requirement[1].length, requirement[1].length + 1))
  const dep: PipDep = {raw: text, kind: 'requirement', name: requirement[1]}
  if (rest !== '') dep.specifier = rest.trim()
  if (isCondaStyle(rest, spaced)) dep.condaStyle = true
  return dep
}
