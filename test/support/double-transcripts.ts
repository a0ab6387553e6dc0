/**
 * Replaying the recorded conda transcripts (fixtures/transcripts) against the conda test double:
 * a sandbox laid out like the recording harness (roots/vN, home, work/specs, prefix-envs), the
 * same argv with /opt/conda-example replaced by the sandbox, and normalisers for what legitimately
 * differs between two runs (temp names, timings, spinners, progress bars, hashes).
 */
import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {doubleEnv, installRoot, writeWorld} from './double.js'
import {loadTranscript, TRANSCRIPTS_DIR, type Transcript} from './transcripts.js'

export {loadTranscript, TRANSCRIPTS_DIR, type Transcript} from './transcripts.js'

/** The result of replaying one transcript. */
export type Replay = {exitCode: number; stdout: string; stderr: string}

const RECORDED = '/opt/conda-example'

/** The recorded scenario order of a conda-<version> directory (its index.tsv order). */
export const scenarioOrder = (version: string): string[] => {
  const common = `version.txt info.txt info.json env-list-empty.json create-py311.txt create-py38.txt create-py310-quiet.txt
    create-json.json create-by-prefix.txt create-dry-run.json create-dry-run.txt create-missing-package.txt
    create-missing-package.json create-missing-version.txt create-unsatisfiable.txt create-unsatisfiable.json
    create-unsatisfiable-dep.txt create-unknown-channel.txt create-unknown-channel.json create-no-packages.txt
    create-victim.txt create-into-existing-prefix.txt create-into-existing-prefix.after-ls.txt
    create-into-existing-prefix.after-list.txt create-into-existing-prefix-noyes.txt
    create-into-existing-prefix-answer-y.txt create-into-existing-prefix-answer-y.after-ls.txt
    create-into-existing-prefix.json create-into-nonenv-dir.txt create-into-nonenv-dir.after-ls.txt create-victim2.txt
    env-create-existing-prefix.txt env-create-existing-prefix.after-ls.txt env-create-existing-prefix.after-list.txt
    env-create-existing-prefix-yes.txt env-create-existing-prefix-yes.after-ls.txt
    env-create-existing-prefix-yes.after-list.txt FORCE create-withpip.txt pip-install.txt pip-freeze.txt env-list.txt
    env-list.json info-envs.json list.txt list.json list-withpip.json list-withpip.txt list-explicit-md5.txt
    list-missing-env.txt list-missing-env.json list-base.json env-export-no-builds.yml env-export-with-builds.yml
    env-export-py38-no-builds.yml env-export-from-history.yml env-export-no-builds.json env-export-by-prefix.yml
    env-export-with-pip-git.yml env-export-with-pip-git-builds.yml env-export-missing-env.yml env-export-base.yml
    NEWEXPORT env-create-from-export.txt env-create-from-export-builds.txt create-from-explicit.txt env-create-pip-ok.txt
    env-create-pip-ok.json env-create-pip-failure.txt env-create-pip-failure.after-env-list.json
    env-create-pip-failure.after-list.json env-create-pip-invalid-requirement.txt env-create-pip-missing.txt
    env-create-pip-missing.json env-create-pip-without-pip.txt env-create-resolve-not-found.txt
    env-create-resolve-not-found.json env-create-resolve-not-found-version.txt env-create-unsatisfiable.txt
    env-create-missing-file.txt env-create-bad-yaml.txt env-create-bad-yaml-syntax.txt env-create-bad-yaml-syntax.json
    install.txt install.json install-missing-package.txt install-missing-env.txt install-unsatisfiable.txt
    remove-package.txt remove-all.txt remove-all-missing-env.txt remove-all-json.json env-remove.txt
    env-list-after-remove.json run-python.txt config-show-dirs.json`
  return common
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((f) => {
      if (f === 'FORCE')
        return version === '23.7.4'
          ? ['env-create-existing-prefix-force.txt', 'env-create-existing-prefix-force.after-ls.txt']
          : []
      if (f === 'NEWEXPORT')
        return version === '23.7.4'
          ? []
          : ['export-help.txt', 'export-default.txt', 'export-explicit.txt', 'export-reqs.txt']
      return [f]
    })
}

/** The transcripts' root .condarc (fixtures/transcripts/README.md). */
const CONDARC = `channels:
  - file:///opt/conda-example/channel
default_channels:
  - file:///opt/conda-example/channel
channel_alias: file:///opt/conda-example/no-such-alias
solver: classic
auto_update_conda: false
notify_outdated_conda: false
report_errors: false
auto_activate_base: false
`

/** A sandbox that plays the recording harness's /opt/conda-example. */
export class Sandbox {
  readonly dir: string
  readonly world: string
  private readonly roots = new Map<string, string>()

  constructor(worldOverrides: Record<string, unknown> = {}) {
    this.dir = realpathSync(mkdtempSync(join(tmpdir(), 'conda-double-')))
    // the synthetic world names the harness's paths (channel, git repo, wheels): move them into the sandbox
    const synthetic = JSON.parse(
      this.path(readFileSync(resolve(TRANSCRIPTS_DIR, '../conda/worlds/synthetic.json'), 'utf8')),
    ) as Record<string, unknown>
    // the harness ran as root: conda then reads the passwd users' environments.txt, none of them here
    this.world = writeWorld(this.dir, {...synthetic, rootHomes: [], ...worldOverrides})
    mkdirSync(join(this.dir, 'work', 'specs'), {recursive: true})
    for (const f of readdirSync(join(TRANSCRIPTS_DIR, 'inputs'))) {
      writeFileSync(
        join(this.dir, 'work', 'specs', f),
        this.path(readFileSync(join(TRANSCRIPTS_DIR, 'inputs', f), 'utf8')),
      )
    }
  }

  /** Installs roots/<vN> with conda `version` and the transcripts' .condarc. */
  async addRoot(vn: string, version: string): Promise<string> {
    const root = await installRoot({base: join(this.dir, 'roots'), name: vn, condaVersion: version, world: this.world})
    writeFileSync(join(root, '.condarc'), this.path(CONDARC))
    this.roots.set(vn, root)
    return root
  }

  /** A recorded path inside the sandbox. */
  path(recorded: string): string {
    return recorded.replaceAll(RECORDED, this.dir)
  }

  /** Writes a file the harness made from an earlier transcript's stdout (e.g. an export used as a spec). */
  writeFromTranscript(target: string, t: Transcript): void {
    writeFileSync(this.path(target), this.path(t.stdout))
  }

  /** Runs a recorded command the way the harness did (env -i, cwd work/, stdin /dev/null or its answers). */
  run(t: Transcript): Replay {
    // the recorded command line escaped spaces (`import\ sys`): the importer split there, join again
    const argv = t.argv.reduce<string[]>((acc, a) => {
      const prev = acc.at(-1)
      if (prev?.endsWith('\\')) acc[acc.length - 1] = `${prev.slice(0, -1)} ${a}`
      else acc.push(a)
      return acc
    }, [])
    const [cmd = '', ...args] = argv.map((a) => this.path(a).replace(/\\(.)/g, '$1'))
    const r = spawnSync(cmd, args, {
      cwd: join(this.dir, 'work'),
      input: t.stdin ?? '',
      encoding: 'utf8',
      env: {
        PATH: '/usr/local/bin:/usr/bin:/bin',
        HOME: join(this.dir, 'home'),
        LANG: 'C.UTF-8',
        PIP_NO_INDEX: '1',
        PIP_FIND_LINKS: join(this.dir, 'wheels'),
        PIP_DISABLE_PIP_VERSION_CHECK: '1',
        CONDA_DOUBLE_NODE: doubleEnv(this.world).CONDA_DOUBLE_NODE,
      },
    })
    return {exitCode: r.status ?? 128, stdout: this.unpath(r.stdout ?? ''), stderr: this.unpath(r.stderr ?? '')}
  }

  private unpath(text: string): string {
    // file:// channels print as their path without the leading slash (opt/conda-example/channel)
    return text.replaceAll(this.dir, RECORDED).replaceAll(this.dir.slice(1), RECORDED.slice(1))
  }

  remove(): void {
    rmSync(this.dir, {recursive: true, force: true})
  }
}

/** Control sequences conda writes even when stdout is not a TTY (bars, spinners). */
const CURSOR_UP = '\u001b[A'
const BACKSPACES = '\b\b'

/** Removes tqdm download bars, keeping only what surrounds them. */
const stripDownloadBars = (s: string): string =>
  s.replace(/Downloading and Extracting Packages([\s\S]*?)(?=Preparing transaction|$)/g, (_m, region: string) => {
    const rest = region
      .replace(/\r[^\r\n]{1,25}\| [^\r\n|]*\| [# ]*\| +\d+% /g, '')
      .replace(/\r? ?\.\.\. \(more hidden\) \.\.\./g, '')
      .replaceAll(CURSOR_UP, '')
      .replace(/[\r\n ]+/g, '')
    return `Downloading and Extracting Packages${rest}\n`
  })

/**
 * Normalises what differs between two runs of the same conda command: spinners (`...working...`,
 * `- \b\b\\ \b\b`), download bars, the classic solver's stderr bars, pip temp names and wheel
 * hashes, timestamps, the root python's version (the harness root ran Debian's 3.11.2), uid/gid.
 */
export const normalise = (text: string): string =>
  stripDownloadBars(
    text
      .replaceAll(BACKSPACES, '')
      .replace(/: (?:\.\.\.working\.\.\. ?|(?:[-\\|/] )+)/g, ': <spin>')
      .replace(/\r(?:Building graph of deps|Examining|Determining conflicts)[^\r]*/g, '')
      .replace(/\r +\r?/g, ''),
  )
    .replace(/\/tmp\/pip-install-[a-z0-9_]+\/([\w.-]+?)_[0-9a-f]{32}/g, '/tmp/pip-install-X/$1_X')
    .replace(/pip-ephem-wheel-cache-[a-z0-9_]+\/wheels\/[0-9a-f/]+/g, 'pip-ephem-wheel-cache-X/wheels/X')
    .replace(/sha256=[0-9a-f]{64}/g, 'sha256=X')
    .replace(/condaenv\.[a-z0-9_]{8}\.requirements\.txt/g, 'condaenv.X.requirements.txt')
    .replace(/("(?:created|last_modified)": )(?:"[^"]*"|null)/g, '$1"<time>"')
    .replace(/Elapsed: [0-9:.]+/g, 'Elapsed: X')
    .replace(/(python version : |CPython\/|"python_version": ")3\.\d+\.\d+[^"\n ]*/g, '$1<py>')
    .replace(/("sys\.version": )"[^"]*"/g, '$1"<py>"')
    .replace(/lib\/python3\.\d+\/site-packages\/conda/g, 'lib/pythonX/site-packages/conda')
    .replace(/(UID:GID : )\d+:\d+/g, '$1U:G')
    .replace(/("(?:UID|GID)": )\d+/g, (_m, k: string) => `${k}0`)

/** Lines that carry meaning in an error or a solver explanation (for approximate comparisons). */
export const significantLines = (text: string): string[] =>
  normalise(text)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) =>
      /^[A-Z][A-Za-z]*(Error|Exception|NotFound|Exit|Detected)\b|^Package \S+ conflicts for:|^Your installed version is|^Cause:|^- [^\s]/.test(
        l,
      ),
    )

/**
 * Setup steps the recording harness did between commands (files it made, exports it saved as
 * spec files), keyed by the transcript they precede.
 */
export const prepare = (box: Sandbox, dir: string, version: string, file: string): void => {
  const v = `${RECORDED}/work/prefix-envs/${version}`
  const roots: Record<string, string> = {'23.7.4': 'v1', '25.11.1': 'v2', '26.7.1': 'v3'}
  const envs = `${RECORDED}/roots/${roots[version]}/envs`
  const specs = `${RECORDED}/work/specs`
  const from = (f: string) => loadTranscript(dir, f)
  switch (file) {
    case 'create-by-prefix.txt':
      mkdirSync(box.path(v), {recursive: true})
      break
    case 'create-into-existing-prefix.txt':
      writeFileSync(box.path(`${envs}/victim/user-file.txt`), 'mine\n')
      break
    case 'create-into-nonenv-dir.txt':
      mkdirSync(box.path(`${v}/notanenv`), {recursive: true})
      writeFileSync(box.path(`${v}/notanenv/file.txt`), 'not an env\n')
      break
    case 'env-create-existing-prefix.txt':
      writeFileSync(box.path(`${envs}/victim2/user-file.txt`), 'mine\n')
      break
    case 'env-create-from-export.txt':
      box.writeFromTranscript(`${specs}/${version}-py311-no-builds.yml`, from('env-export-no-builds.yml'))
      break
    case 'env-create-from-export-builds.txt':
      box.writeFromTranscript(`${specs}/${version}-py311-builds.yml`, from('env-export-with-builds.yml'))
      break
    case 'create-from-explicit.txt':
      box.writeFromTranscript(`${specs}/${version}-py311-explicit.txt`, from('list-explicit-md5.txt'))
      break
    case 'env-create-pip-failure.txt':
      box.writeFromTranscript(`${specs}/${version}-withpip-no-builds.yml`, from('env-export-with-pip-git.yml'))
      break
    default:
      break
  }
}
