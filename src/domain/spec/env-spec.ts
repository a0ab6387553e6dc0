/**
 * The model of an environment file (`conda env export` output, an override, a hand-written file).
 * Parsers fill it, repairs transform it (never mutating), serializeSpec writes it back as YAML.
 */

/** One conda dependency, e.g. `conda-forge::numpy=1.21.2=py39h`. */
export type CondaDep = {
  /** As written in the file (trimmed), for messages and the plan. */
  raw: string
  /** Channel from a `channel::name` prefix. */
  channel?: string
  name: string
  /** Version part: `1.21.2`, `>=1.2,<2`, `1.21.*`; absent when unpinned. */
  version?: string
  /** Build string part (third `=` field or `[build=…]`). */
  build?: string
  /** 1-based line in the source file, when known. */
  line?: number
}

/** What kind of pip requirement a line is (CONTRACT §5 rule 4). */
export type PipDepKind =
  | 'requirement' // name, name==1.0, name>=1 ; extras allowed
  | 'vcs' // git+…, hg+…, svn+…, bzr+…, `name @ git+…`
  | 'editable' // -e … / --editable …
  | 'local' // file:…, ./path, /abs/path, name @ file:…
  | 'url' // https://…/pkg.whl or name @ https://…
  | 'option' // --extra-index-url …, -r file, --find-links …

export type PipDep = {
  raw: string
  kind: PipDepKind
  /** Distribution name as written (`Typing_Extensions`), when the line names one. */
  name?: string
  /** Version specifier as written (`==1.0`, `>=2`), when present. */
  specifier?: string
  /** The URL or path for vcs/editable/local/url entries (`git+https://…@v1#egg=x`). */
  url?: string
  line?: number
  /** Set when a requirement is written in conda syntax (`numpy=1.2`, `pylint 2.6.0`): pip rejects it. */
  condaStyle?: boolean
  /** For an option entry: its name, whatever the spelling (`-f x` → `--find-links`). */
  option?: string
  /** Why pip must not get this entry (an option condamig does not pass, a line break…): the env is refused. */
  refused?: string
}

/**
 * A spec entry that would reach conda or pip as something other than data (`-cmd` under pip: `-c md`; a channel
 * `--override`): taken out of the spec by the parser, and the env is refused (EnvPlan.refusal) naming each one.
 */
export type RefusedEntry = {
  /** `env_specs/NAME.yml:12`. */
  where: string
  /** The entry as written. */
  text: string
  why: string
}

export type EnvSpec = {
  /** `name:`; absent in some hand-written files; a full path in exports made with `-p`. */
  name?: string
  channels: string[]
  conda: CondaDep[]
  pip: PipDep[]
  /** `prefix:` of the export (the OLD root), dropped by the repairs. */
  prefix?: string
  /** `variables:` of newer exports, kept as is. */
  variables?: Record<string, string>
  /** What the parser ignored or guessed (unknown keys, the tolerant fallback for invalid YAML); shown by `plan`. */
  warnings?: string[]
  /** Entries that are not data (see RefusedEntry), in file order; the env is refused when there is any. */
  refused?: RefusedEntry[]
}
