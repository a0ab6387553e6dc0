/**
 * Where a pip package of the OLD env really came from, read by `export` from its `direct_url.json` and kept in
 * `env_specs/NAME.meta.json`. `conda env export` drops this (a `git+…@v0.2.0` install is exported as
 * `hlink-private==0.2.0`, which no index has): restore-pip-origins puts it back.
 */
export type PipOrigin = {
  /** The distribution name as pip knows it. */
  name: string
  /** `url` of direct_url.json: `https://github.com/org/repo.git`, `file:///srv/src/pkg` (with or without `git+`). */
  url: string
  /** `vcs_info.commit_id`, when it was a VCS install. */
  commit?: string
  /** `vcs_info.vcs`; git when absent. */
  vcs?: 'git' | 'hg' | 'svn' | 'bzr'
  /** vcs: a VCS checkout pip can fetch again; local: a directory or archive on the old machine. */
  kind: 'vcs' | 'local'
}
