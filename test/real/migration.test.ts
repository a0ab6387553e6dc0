/**
 * The whole migration on REAL conda (issue 7): an old root from the 23.7.4 installer holding envs made by real conda
 * and pip, the 26.7.1 installer for the new root, and condamig driven as an admin drives it. Steps run in order and
 * share one base; each asserts what an admin would check by hand.
 */
import {existsSync, mkdirSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync} from 'node:fs'
import {execFileSync, spawnSync} from 'node:child_process'
import {join} from 'node:path'
import {parse as parseCsv} from 'csv-parse/sync'
import {beforeAll, expect, it} from 'vitest'
import {parse as parseYaml} from 'yaml'

import {categoriseCondaError} from '../../src/conda/categorise.js'
import {parseCondaError} from '../../src/conda/parse/error-json.js'
import {condaRemediation} from '../../src/conda/remediation.js'
import {hashTree} from '../support/make-base.js'
import {condamig, describeReal, kitEnv, makeOldBase, processesUnder, run, workDir} from './support/kit.js'

type Row = Record<string, string>
const REPLICATE = [
  'gitmoved',
  'gitpkg',
  'hlink',
  'jupyter',
  'legacy_numpy',
  'legacy_pip',
  'pipwheels',
  'plain',
  'webtools',
]

describeReal('the migration on real conda: 23.7.4 -> 26.7.1', () => {
  const work = workDir('migration')
  const base = join(work, 'base')
  const oldRoot = join(base, 'v23.7')
  const newRoot = join(base, 'v26.7')
  const cli = (...argv: string[]) => condamig(work, base, argv)
  const report = (kind: 'replicate' | 'verify'): Map<string, Row> => {
    const rows = parseCsv(readFileSync(join(base, 'reports', `${kind}-latest.csv`)), {
      columns: true,
      bom: true,
    }) as Row[]
    return new Map(rows.map((row) => [row.environment ?? '', row]))
  }
  const python = (root: string, env: string, code: string) =>
    run(join(root, 'envs', env, 'bin', 'python'), ['-c', code], work).trim()
  const override = (env: string, spec: object) => {
    mkdirSync(join(base, 'env_specs', 'overrides'), {recursive: true})
    writeFileSync(join(base, 'env_specs', 'overrides', `${env}.yml`), JSON.stringify(spec, null, 2))
  }
  let oldHash = ''

  beforeAll(() => {
    makeOldBase(work)
    // the admin's settings: the old channel is retired, its successor lacks numpy 1.24.4
    writeFileSync(
      join(base, 'condamig.ini'),
      `${readFileSync(join(base, 'condamig.ini'), 'utf8')}channel_map = file://${work}/channel=file://${work}/channel-new\n`,
    )
    oldHash = hashTree(oldRoot)
  })

  it('install runs the real 26.7.1 installer, merges its .condarc and points qa at it', async () => {
    const result = await cli('install', join(work, 'new.sh'), '--name', 'v26.7')
    expect(result.stderr).not.toMatch(/internal error/)
    expect(result.exitCode).toBe(0)
    expect(readlinkSync(join(base, 'qa'))).toBe('v26.7')
    const rc = parseYaml(readFileSync(join(newRoot, '.condarc'), 'utf8')) as Record<string, unknown>
    expect(rc).toMatchObject({
      solver: 'classic', // shipped by the installer, kept
      auto_update_conda: false,
      channels: [`file://${work}/channel-new`],
      // what defaults meant in the old root, through channel_map
      default_channels: [`file://${work}/channel-new`],
    })
    expect(result.stdout).toContain(`defaults -> file://${work}/channel-new`)
  })

  it('a solver the root lacks is config_error, and its remediation works as printed', () => {
    const conda = join(newRoot, 'bin', 'conda')
    const probe = ['create', '--dry-run', '--json', '-p', join(work, 'nowhere')]
    const solve = () => spawnSync(conda, probe, {env: {...kitEnv(work), PATH: '/usr/bin:/bin'}, encoding: 'utf8'})
    // the root as conda >= 23.10 leaves it without a solver key: libmamba, which this root does not have
    run(conda, ['config', '--file', join(newRoot, '.condarc'), '--remove-key', 'solver'], work)
    const failed = solve()
    expect(failed.status).toBe(1)
    const failure = parseCondaError({stdout: failed.stdout, stderr: failed.stderr})
    expect(failure?.exceptionName).toBe('CondaValueError')
    const category = categoriseCondaError(failure?.exceptionName ?? '', failure?.message ?? '').category
    expect(category).toBe('config_error')
    const remediation = condaRemediation(
      {...(failure as NonNullable<typeof failure>), packages: [], channelUrls: []} as never,
      category,
      {overrideFile: 'env_specs/overrides/x.yml', channels: [], condaBin: conda},
    )
    // run the command the remediation prints, as printed
    const command = /: run (.+), then rerun with --retry-failed$/.exec(remediation)?.[1] ?? ''
    expect(command.startsWith(`${conda} config --file ${newRoot}/.condarc --set solver classic`)).toBe(true)
    execFileSync('sh', ['-c', command], {env: {...kitEnv(work), PATH: '/usr/bin:/bin'}})
    expect(solve().status).toBe(0)
    expect(parseYaml(readFileSync(join(newRoot, '.condarc'), 'utf8'))).toMatchObject({solver: 'classic'})
  })

  it('inventory --write adds every env of current; the admin marks them', async () => {
    const result = await cli('inventory', '--write')
    expect(result.exitCode).toBe(0)
    const ini = readFileSync(join(base, 'condamig.ini'), 'utf8')
    for (const env of [...REPLICATE, 'old_not_used']) expect(ini).toContain(`${env} = export`)
    expect(result.stdout).toContain('kernel jupyter uses env jupyter, which is not marked REPLICATE')
    writeFileSync(
      join(base, 'condamig.ini'),
      ini.replace(new RegExp(`^(${REPLICATE.join('|')}) = export$`, 'gm'), '$1 = REPLICATE'),
    )
  })

  it('export writes a spec of every env without builds, reading current without writing in it', async () => {
    const result = await cli('export')
    expect(result.exitCode).toBe(0)
    const spec = parseYaml(readFileSync(join(base, 'env_specs', 'pipwheels.yml'), 'utf8')) as {
      dependencies: (string | {pip: string[]})[]
    }
    expect(spec.dependencies).toContainEqual({pip: ['hlink-client==1.1.0', 'internal-tools==2.3.0', 'six==1.16.0']})
    // pip replaced conda's six: conda itself would have deleted that record while exporting
    expect(existsSync(join(oldRoot, 'envs', 'pipwheels', 'conda-meta', 'six-1.15.0-pyhd8ed1ab_0.json'))).toBe(true)
    expect(hashTree(oldRoot)).toBe(oldHash)
  })

  it('plan shows what defaults resolves to in qa and the repairs of each env', async () => {
    const result = await cli('plan')
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toContain(`defaults in qa -> v26.7: file://${work}/channel-new`)
    expect(result.stdout).toContain('[noarch-deferred] hlinkutils=0.4.1')
    expect(result.stdout).toContain(
      `[pip-origin-restored] hlink-private==0.2.0 → git+file://${work}/git/hlink-private@`,
    )
  })

  it('SIGINT mid-create: exit 130, no conda process left, no prefix', async () => {
    const prefix = join(newRoot, 'envs', 'plain')
    let pid = 0
    const watching = setInterval(() => {
      if (pid && existsSync(prefix)) {
        clearInterval(watching)
        process.kill(pid, 'SIGINT')
      }
    }, 20)
    const result = await condamig(work, base, ['replicate', '--env', 'plain'], {
      onSpawn: (child) => (pid = child),
    }).finally(() => clearInterval(watching))
    expect(result.exitCode).toBe(130)
    expect(processesUnder(newRoot)).toEqual([])
    expect(existsSync(prefix)).toBe(false)
    expect(report('replicate').get('plain')).toMatchObject({status: 'interrupted'})
    // the admin starts the real run on a cold cache
    rmSync(join(newRoot, 'pkgs'), {recursive: true, force: true})
  })

  it('replicate --parallel 4 on a cold cache builds what can be built and reports the rest by category', async () => {
    // an override the admin wrote earlier from a ticket: it asks for two pins that cannot go together
    override('webtools', {
      name: 'webtools',
      channels: ['defaults'],
      dependencies: ['python=3.11.7', 'requests=2.28.1', 'urllib3=2.0.7'],
    })
    const result = await cli('replicate', '--parallel', '4')
    expect(result.exitCode).toBe(1)
    const rows = report('replicate')
    for (const env of ['plain', 'pipwheels', 'gitpkg', 'hlink', 'jupyter']) {
      expect({env, ...rows.get(env)}).toMatchObject({env, status: 'ok', category: ''})
    }
    expect(rows.get('legacy_numpy')).toMatchObject({status: 'failed', stage: 'solve', category: 'missing_package'})
    expect(rows.get('legacy_numpy')?.packages).toContain('numpy=1.24.4')
    expect(rows.get('webtools')).toMatchObject({status: 'failed', stage: 'solve', category: 'unsatisfiable'})
    expect(rows.get('legacy_pip')).toMatchObject({status: 'failed', stage: 'pip', category: 'pip_error'})
    expect(rows.get('legacy_pip')?.packages).toContain('legacy-tool==1.0')
    expect(rows.get('gitmoved')).toMatchObject({status: 'failed', stage: 'git', category: 'git_manual'})
    expect(rows.get('gitmoved')?.packages).toContain(`git+file://${work}/git/moved-away@`)
    for (const env of ['legacy_numpy', 'webtools', 'legacy_pip', 'gitmoved'])
      expect(existsSync(join(newRoot, 'envs', env))).toBe(false)
    expect(processesUnder(newRoot)).toEqual([])
  })

  it('the admin triages with overrides and replicate --retry-failed builds the rest', async () => {
    const spec = (env: string) =>
      parseYaml(readFileSync(join(base, 'env_specs', `${env}.yml`), 'utf8')) as {
        channels: string[]
        dependencies: (string | {pip: string[]})[]
      }
    const numpy = spec('legacy_numpy')
    override('legacy_numpy', {
      ...numpy,
      dependencies: numpy.dependencies.map((d) => (d === 'numpy=1.24.4' ? 'numpy=1.26.4' : d)),
    })
    override('webtools', {
      name: 'webtools',
      channels: ['defaults'],
      dependencies: ['python=3.11.7', 'requests=2.31.0', 'urllib3=2.0.7'],
    })
    const legacy = spec('legacy_pip')
    override('legacy_pip', {
      ...legacy,
      dependencies: legacy.dependencies.map((d) =>
        typeof d === 'string' ? d : {pip: d.pip.filter((p) => !p.startsWith('legacy-tool'))},
      ),
    })
    const moved = spec('gitmoved')
    override('gitmoved', {
      ...moved,
      dependencies: [
        ...moved.dependencies.filter((d) => typeof d === 'string'),
        {pip: [`git+file://${work}/git/hlink-private@v0.1.0#egg=hlink-private`]},
      ],
    })

    const result = await cli('replicate', '--retry-failed', '--parallel', '4')
    expect(result.exitCode).toBe(0)
    const rows = report('replicate')
    for (const env of ['legacy_numpy', 'webtools', 'legacy_pip', 'gitmoved'])
      expect({env, ...rows.get(env)}).toMatchObject({env, status: 'ok'})
  })

  it('every qa env is a real env of the new root with the old env’s packages', () => {
    for (const env of REPLICATE) {
      expect(python(newRoot, env, 'import sys; print(sys.prefix)')).toBe(join(newRoot, 'envs', env))
    }
    const versions =
      'import numpy, pandas, requests; print(numpy.__version__, pandas.__version__, requests.__version__)'
    expect(python(newRoot, 'plain', versions)).toBe(python(oldRoot, 'plain', versions))
    const pipped = 'import hlink_client, internal_tools, six; print(hlink_client.__version__, six.__version__)'
    expect(python(newRoot, 'pipwheels', pipped)).toBe(python(oldRoot, 'pipwheels', pipped))
    expect(python(newRoot, 'legacy_numpy', 'import numpy; print(numpy.__version__)')).toBe('1.26.4')
    // the git package came from its origin, at the commit the old env had
    const origin = (root: string, env: string) =>
      JSON.parse(
        python(
          root,
          env,
          "import importlib.metadata as m; print(m.distribution('hlink-private').read_text('direct_url.json'))",
        ),
      ) as {url: string; vcs_info: {commit_id: string}}
    expect(origin(newRoot, 'gitpkg').url).toBe(`file://${work}/git/hlink-private`)
    expect(origin(newRoot, 'gitpkg').vcs_info.commit_id).toBe(origin(oldRoot, 'gitpkg').vcs_info.commit_id)
    expect(python(newRoot, 'gitmoved', 'import hlink_private; print(hlink_private.__name__)')).toBe('hlink_private')
    // the noarch package of the internal channel is installed, by conda, in the env
    expect(python(newRoot, 'hlink', 'import hlinkutils, hlink_client; print(hlinkutils.__name__)')).toBe('hlinkutils')
    expect(existsSync(join(newRoot, 'envs', 'hlink', 'conda-meta', 'hlinkutils-0.4.1-py_0.json'))).toBe(true)
  })

  it('verify passes every env (no check depends on import order)', async () => {
    const result = await cli('verify')
    expect(result.stderr).not.toMatch(/internal error/)
    expect(result.exitCode).toBe(0)
    const rows = parseCsv(readFileSync(join(base, 'reports', 'verify-latest.csv')), {columns: true, bom: true}) as Row[]
    expect(new Set(rows.map((row) => row.environment))).toEqual(new Set(REPLICATE))
    // every check passed; only the [tests] checks are skipped (no [tests] section)
    expect(rows.filter((row) => row.status !== 'ok' && !(row.status === 'skipped' && row.check === 'tests'))).toEqual(
      [],
    )
  })

  it('cutover --yes without --allow-failures; the kernel starts in the new root; rollback; cutover again', async () => {
    const kernel = JSON.parse(readFileSync(join(base, 'kernels', 'jupyter', 'kernel.json'), 'utf8')) as {
      argv: string[]
    }
    // the kit's ipykernel_launcher prints its version and sys.prefix: which root's env the kernel really starts in
    const launch = () => {
      const [name, version, prefix = ''] = run(kernel.argv[0] ?? '', ['-m', 'ipykernel_launcher'], work)
        .trim()
        .split(' ')
      return `${name} ${version} ${realpathSync(prefix)}`
    }

    const cutover = await cli('cutover', '--yes')
    expect(cutover.stderr).not.toMatch(/internal error/)
    expect(cutover.exitCode).toBe(0)
    expect(readlinkSync(join(base, 'current'))).toBe('v26.7')
    expect(existsSync(join(base, 'qa'))).toBe(false)
    expect(launch()).toBe(`ipykernel_launcher 6.28.0 ${realpathSync(join(newRoot, 'envs', 'jupyter'))}`)

    const rollback = await cli('rollback', '--yes')
    expect(rollback.exitCode).toBe(0)
    expect(readlinkSync(join(base, 'current'))).toBe('v23.7')
    expect(readlinkSync(join(base, 'qa'))).toBe('v26.7')
    expect(launch()).toBe(`ipykernel_launcher 6.28.0 ${realpathSync(join(oldRoot, 'envs', 'jupyter'))}`)

    const again = await cli('cutover', '--yes')
    expect(again.exitCode).toBe(0)
    expect(readlinkSync(join(base, 'current'))).toBe('v26.7')
    expect(launch()).toBe(`ipykernel_launcher 6.28.0 ${realpathSync(join(newRoot, 'envs', 'jupyter'))}`)
  })

  it('status reads the real roots', async () => {
    const result = await cli('status')
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/v26\.7\s+26\.7\.1\s+3\.11/)
    expect(result.stdout).toMatch(/v23\.7\s+23\.7\.4\s+3\.11/)
  })

  it('never wrote in the old root, from start to end', () => {
    expect(hashTree(oldRoot)).toBe(oldHash)
  })
})
