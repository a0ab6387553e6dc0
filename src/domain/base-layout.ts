import {join} from 'node:path'

/** Paths of a shared installation (CONTRACT §1). Pure: computes paths, never touches them. */
export type BaseLayout = ReturnType<typeof baseLayout>

export const baseLayout = (base: string, dirs: {specsDir?: string; kernelsDir?: string} = {}) => {
  const specsDir = dirs.specsDir ?? join(base, 'env_specs')
  const stateDir = join(base, '.condamig')
  return {
    base,
    inventory: join(base, 'condamig.ini'),
    current: join(base, 'current'),
    qa: join(base, 'qa'),
    envsLink: join(base, 'envs'),
    /** A root side by side in BASE, e.g. `v4.8`. */
    root: (name: string) => join(base, name),
    specsDir,
    specFile: (env: string) => join(specsDir, `${env}.yml`),
    metaFile: (env: string) => join(specsDir, `${env}.meta.json`),
    overridesDir: join(specsDir, 'overrides'),
    overrideFile: (env: string) => join(specsDir, 'overrides', `${env}.yml`),
    kernelsDir: dirs.kernelsDir ?? join(base, 'kernels'),
    reportsDir: join(base, 'reports'),
    logsDir: join(base, 'logs'),
    stateDir,
    history: join(stateDir, 'history.jsonl'),
    lock: join(stateDir, 'lock'),
  }
}

/** A conda root's own executables and env prefixes (root = a directory such as BASE/v4.8 or BASE/current). */
export const rootPaths = (root: string) => ({
  root,
  conda: join(root, 'bin', 'conda'),
  mamba: join(root, 'bin', 'mamba'),
  python: join(root, 'bin', 'python'),
  condaMeta: join(root, 'conda-meta'),
  envsDir: join(root, 'envs'),
  pkgsDir: join(root, 'pkgs'),
  condarc: join(root, '.condarc'),
  env: (name: string) => join(root, 'envs', name),
})

/** Paths inside one environment prefix. */
export const envPaths = (prefix: string) => ({
  prefix,
  python: join(prefix, 'bin', 'python'),
  bin: join(prefix, 'bin'),
  condaMeta: join(prefix, 'conda-meta'),
  /** condamig's stamp: the spec hash an env was replicated from (not in conda-meta: conda reads every json there). */
  replicatedStamp: join(prefix, '.condamig-replicated.json'),
})
