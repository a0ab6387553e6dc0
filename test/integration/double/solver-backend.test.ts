import {existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {installRoot, runDouble, seedEnv, writeWorld} from '../../support/double.js'
import {tinyWorld} from '../../support/double-worlds.js'

/*
 * The solver backend, as real conda chooses it (../shared/realconda roots, which have only classic):
 * conda >= 23.10 defaults to libmamba, which a root has only with conda-libmamba-solver. Texts below
 * are copied from real 26.7.1 / 23.7.4 output (`conda create --solver=libmamba …` on such a root).
 */

// the usage lines argparse prints (then `PROG: error: …`), real 26.7.1 and 23.7.4
const CREATE_26 = [
  'usage: conda create [-h] [--clone ENV] [-n ENVIRONMENT | -p PATH] [-c CHANNEL]',
  '                    [--use-local] [-O] [--repodata-fn REPODATA_FNS]',
  '                    [--experimental {jlap,lock}] [--no-lock]',
  '                    [--repodata-use-zst | --no-repodata-use-zst]',
  '                    [--repodata-use-shards | --no-repodata-use-shards]',
  '                    [--strict-channel-priority] [--no-channel-priority]',
  '                    [--no-deps | --only-deps] [--no-pin] [--copy]',
  '                    [--no-shortcuts] [--shortcuts-only SHORTCUTS_ONLY]',
  '                    [--clobber] [-C] [-k] [--offline] [--json]',
  '                    [--console {classic,json}] [-v] [-q] [-d] [-y]',
  '                    [--download-only] [--show-channel-urls] [-f FILE]',
  '                    [--environment-specifier {cep-24,environment-yaml,env.yml,environment.yml,explicit,requirements.txt,requirements,reqs}]',
  '                    [--format FORMAT] [--no-default-packages]',
  '                    [--subdir SUBDIR] [--solver {classic}] [--dev]',
  '                    [package_spec ...]',
]
const INSTALL_26 = [
  'usage: conda install [-h] [--revision REVISION] [--override-frozen]',
  '                     [-n ENVIRONMENT | -p PATH] [-c CHANNEL] [--use-local]',
  '                     [-O] [--repodata-fn REPODATA_FNS]',
  '                     [--experimental {jlap,lock}] [--no-lock]',
  '                     [--repodata-use-zst | --no-repodata-use-zst]',
  '                     [--repodata-use-shards | --no-repodata-use-shards]',
  '                     [--strict-channel-priority] [--no-channel-priority]',
  '                     [--no-deps | --only-deps] [--no-pin] [--copy]',
  '                     [--no-shortcuts] [--shortcuts-only SHORTCUTS_ONLY]',
  '                     [--clobber] [-C] [-k] [--offline] [--json]',
  '                     [--console {classic,json}] [-v] [-q] [-d] [-y]',
  '                     [--download-only] [--show-channel-urls] [-f FILE]',
  '                     [--environment-specifier {cep-24,environment-yaml,env.yml,environment.yml,explicit,requirements.txt,requirements,reqs}]',
  '                     [--format FORMAT] [--solver {classic}]',
  '                     [--force-reinstall]',
  '                     [--freeze-installed | --update-deps | -S | --update-all | --update-specs]',
  '                     [--dev]',
  '                     [package_spec ...]',
]
const ENV_CREATE_26 = [
  'usage: conda env create [-h] [-f [FILE ...]] [-n ENVIRONMENT | -p PATH] [-C]',
  '                        [-k] [--offline]',
  '                        [--environment-specifier {cep-24,environment-yaml,env.yml,environment.yml,explicit,requirements.txt,requirements,reqs}]',
  '                        [--format FORMAT] [--no-default-packages] [--json]',
  '                        [--console {classic,json}] [-v] [-q] [-d] [-y]',
  '                        [--solver {classic}] [--subdir SUBDIR]',
]
const CREATE_23 = [
  'usage: conda create [-h] [--clone ENV] (-n ENVIRONMENT | -p PATH) [-c CHANNEL]',
  '                    [--use-local] [--override-channels]',
  '                    [--repodata-fn REPODATA_FNS] [--experimental {jlap,lock}]',
  '                    [--strict-channel-priority] [--no-channel-priority]',
  '                    [--no-deps | --only-deps] [--no-pin] [--copy] [-C] [-k]',
  '                    [--offline] [--json] [-v] [-q] [-d] [-y] [--download-only]',
  '                    [--show-channel-urls] [--file FILE]',
  '                    [--no-default-packages]',
  '                    [--solver {classic} | --experimental-solver {classic}]',
  '                    [--dev]',
  '                    [package_spec ...]',
]
const REMOVE_23 = [
  'usage: conda remove [-h] [-n ENVIRONMENT | -p PATH] [-c CHANNEL] [--use-local]',
  '                    [--override-channels] [--repodata-fn REPODATA_FNS]',
  '                    [--experimental {jlap,lock}] [--all] [--features]',
  '                    [--force-remove] [--no-pin]',
  '                    [--solver {classic} | --experimental-solver {classic}]',
  '                    [-C] [-k] [--offline] [--json] [-v] [-q] [-d] [-y] [--dev]',
  '                    [package_name ...]',
]

const invalidChoice = (usage: string[], prog: string, value: string, choices: string) =>
  `${usage.join('\n')}\n${prog}: error: argument --solver: invalid choice: '${value}' (choose from ${choices})\n`

const NOT_RECOGNIZED =
  'You have chosen a non-default solver backend (libmamba) but it was not recognized. Choose one of: classic'

describe('solver backends: classic always, libmamba only with conda-libmamba-solver', () => {
  let dir: string
  let world: string
  let bare: string // a world whose installers ship no conda-libmamba-solver
  let lean26: string // 26.7.1 root without conda-libmamba-solver
  let lean23: string // 23.7.4 root without it
  let full26: string // 26.7.1 root as Miniforge ships it (with it)
  let full23: string
  let home: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'double-solver-'))
    world = writeWorld(join(dir, 'full'), tinyWorld())
    bare = writeWorld(join(dir, 'bare'), tinyWorld({libmambaSolver: false}))
    home = join(dir, 'bare', 'home')
    ;[lean26, lean23, full26, full23] = await Promise.all([
      installRoot({base: join(dir, 'bare'), name: 'v26', condaVersion: '26.7.1', world: bare}),
      installRoot({base: join(dir, 'bare'), name: 'v23', condaVersion: '23.7.4', world: bare}),
      installRoot({base: join(dir, 'full'), name: 'v26', condaVersion: '26.7.1', world}),
      installRoot({base: join(dir, 'full'), name: 'v23', condaVersion: '23.7.4', world}),
    ])
  })
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  const conda = (root: string, args: string[]) =>
    runDouble(join(root, 'bin', 'conda'), args, {world: root.startsWith(join(dir, 'bare')) ? bare : world})
  const userRc = (text: string | undefined) => {
    mkdirSync(home, {recursive: true})
    if (text === undefined) rmSync(join(home, '.condarc'), {force: true})
    else writeFileSync(join(home, '.condarc'), text)
  }

  it('installers ship conda-libmamba-solver from 23.x on, unless the world says libmambaSolver: false', () => {
    const has = (root: string) =>
      readdirSync(join(root, 'conda-meta')).some((f) => /^conda-libmamba-solver-[^-]+-[^-]+\.json$/.test(f))
    expect([has(full26), has(full23), has(lean26), has(lean23)]).toEqual([true, true, false, false])
  })

  describe('--solver naming a solver the root lacks: argparse error, exit 2, usage on stderr (also with --json)', () => {
    it.each([
      ['create', ['create', '-y', '-p', 'P', 'python=3.11'], CREATE_26, 'conda create'],
      ['create --json', ['create', '--json', '-p', 'P', 'python=3.11'], CREATE_26, 'conda create'],
      ['install', ['install', '-y', '-p', 'P', 'numpy'], INSTALL_26, 'conda install'],
      ['env create', ['env', 'create', '-p', 'P', '-f', 'env.yml'], ENV_CREATE_26, 'conda env create'],
    ])('26.7.1 %s', async (_label, args, usage, prog) => {
      const prefix = join(dir, 'never')
      const r = await conda(lean26, [...args.map((a) => (a === 'P' ? prefix : a)), '--solver=libmamba'])
      expect(r).toMatchObject({exitCode: 2, stdout: '', stderr: invalidChoice(usage, prog, 'libmamba', "'classic'")})
      expect(existsSync(prefix)).toBe(false)
    })

    it('23.7.4 create and remove', async () => {
      const create = await conda(lean23, ['create', '-y', '-n', 'x', '--solver', 'libmamba', 'python'])
      expect(create).toMatchObject({
        exitCode: 2,
        stderr: invalidChoice(CREATE_23, 'conda create', 'libmamba', "'classic'"),
      })
      const remove = await conda(lean23, ['remove', '-y', '-n', 'x', '--solver=libmamba', 'python'])
      expect(remove).toMatchObject({
        exitCode: 2,
        stderr: invalidChoice(REMOVE_23, 'conda remove', 'libmamba', "'classic'"),
      })
    })

    it('a root with conda-libmamba-solver offers both (argparse rewraps the usage with the longer choice list)', async () => {
      const r = await conda(full26, ['create', '-y', '-n', 'x', '--solver=rattler', 'python'])
      const usage = [
        ...CREATE_26.slice(0, -2),
        '                    [--subdir SUBDIR] [--solver {classic,libmamba}] [--dev]',
        '                    [package_spec ...]',
      ]
      expect(CREATE_26.at(-2)).toBe('                    [--subdir SUBDIR] [--solver {classic}] [--dev]')
      expect(r).toMatchObject({
        exitCode: 2,
        stderr: invalidChoice(
          [...usage.slice(0, -2), ...usage.slice(-2)],
          'conda create',
          'rattler',
          "'classic', 'libmamba'",
        ),
      })
      const ok = await conda(full26, ['create', '--dry-run', '--json', '-p', join(dir, 'probe'), '--solver=libmamba'])
      expect(ok.exitCode, ok.stderr).toBe(0)
    })
  })

  describe('a configured solver the root lacks fails every solve with CondaValueError', () => {
    it('26.7.1 defaults to libmamba: create --json prints the error document on stdout, exit 1, no env', async () => {
      userRc(undefined)
      const prefix = join(dir, 'bare', 'v26', 'envs', 'nope')
      const r = await conda(lean26, ['create', '-y', '--json', '-p', prefix, 'python=3.11'])
      expect(r.exitCode).toBe(1)
      expect(JSON.parse(r.stdout)).toEqual({
        caused_by: 'None',
        error: `CondaValueError: ${NOT_RECOGNIZED}`,
        exception_name: 'CondaValueError',
        exception_type: "<class 'conda.exceptions.CondaValueError'>",
        message: NOT_RECOGNIZED,
      })
      expect(r.stdout).toBe(
        `{\n  "caused_by": "None",\n  "error": "CondaValueError: ${NOT_RECOGNIZED}",\n  "exception_name": "CondaValueError",\n  "exception_type": "<class 'conda.exceptions.CondaValueError'>",\n  "message": "${NOT_RECOGNIZED}"\n}\n\n`,
      )
      expect(existsSync(prefix)).toBe(false)
    })

    it('the text form, before any "Collecting package metadata"; a dry run of nothing fails the same way', async () => {
      userRc(undefined)
      const text = await conda(lean26, ['create', '-y', '-n', 'nope', 'python=3.11'])
      expect(text).toMatchObject({exitCode: 1, stdout: '', stderr: `\nCondaValueError: ${NOT_RECOGNIZED}\n\n`})
      const probe = await conda(lean26, ['create', '--dry-run', '--json', '-p', join(dir, 'probe2')])
      expect(probe.exitCode).toBe(1)
      expect(JSON.parse(probe.stdout).exception_name).toBe('CondaValueError')
    })

    it('install, env create and (25.11+: after the prefix check) remove fail too; an @EXPLICIT create does not solve', async () => {
      userRc('solver: classic\n')
      const env = await seedEnv(lean26, 'have', {conda: ['python=3.11'], world: bare})
      const listed = await conda(lean26, ['list', '--explicit', '-p', env])
      const explicitFile = join(dir, 'explicit.txt')
      writeFileSync(explicitFile, listed.stdout)
      const envFile = join(dir, 'env.yml')
      writeFileSync(envFile, 'name: fromfile\ndependencies:\n  - python=3.11\n')
      userRc(undefined)
      const install = await conda(lean26, ['install', '-y', '-p', env, 'numpy'])
      expect(install).toMatchObject({exitCode: 1, stderr: `\nCondaValueError: ${NOT_RECOGNIZED}\n\n`})
      const envCreate = await conda(lean26, ['env', 'create', '-p', join(dir, 'fromfile'), '-f', envFile])
      expect(envCreate).toMatchObject({exitCode: 1, stderr: `\nCondaValueError: ${NOT_RECOGNIZED}\n\n`})
      const remove = await conda(lean26, ['remove', '-y', '-p', env, 'python'])
      expect(remove).toMatchObject({exitCode: 1, stderr: `\nCondaValueError: ${NOT_RECOGNIZED}\n\n`})
      const removeMissing = await conda(lean26, ['remove', '-y', '-p', join(dir, 'missing'), 'python'])
      expect(removeMissing.stderr).toBe(
        `\nEnvironmentLocationNotFound: Not a conda environment: ${join(dir, 'missing')}\n\n`,
      )
      const explicit = await conda(lean26, [
        'create',
        '-y',
        '-q',
        '-p',
        join(dir, 'explicit-env'),
        '--file',
        explicitFile,
      ])
      expect(explicit.exitCode, explicit.stderr).toBe(0)
      expect(existsSync(join(dir, 'explicit-env', 'bin', 'python'))).toBe(true)
    })

    it('create -y onto an existing env removes it before the solve fails', async () => {
      userRc('solver: classic\n')
      const env = await seedEnv(lean26, 'victim', {conda: ['python=3.11'], world: bare})
      userRc(undefined)
      const r = await conda(lean26, ['create', '-y', '-p', env, 'python=3.11'])
      expect(r.exitCode).toBe(1)
      expect(existsSync(env)).toBe(false)
    })

    it('--solver=classic, $CONDA_SOLVER or solver: classic in a .condarc make the root solve', async () => {
      userRc(undefined)
      const flag = await conda(lean26, [
        'create',
        '--dry-run',
        '--json',
        '-p',
        join(dir, 'p1'),
        '--solver=classic',
        'python=3.11',
      ])
      expect(flag.exitCode, flag.stdout).toBe(0)
      const env = await runDouble(
        join(lean26, 'bin', 'conda'),
        ['create', '--dry-run', '--json', '-p', join(dir, 'p2')],
        {
          world: bare,
          env: {CONDA_SOLVER: 'classic'},
        },
      )
      expect(env.exitCode, env.stdout).toBe(0)
      userRc('solver: classic\n')
      const rc = await conda(lean26, ['create', '-y', '-q', '-n', 'rcok', 'python=3.11'])
      expect(rc.exitCode, rc.stderr).toBe(0)
    })

    it('23.7.4 defaults to classic; told libmamba in a .condarc it fails, even remove on a missing env (solver first)', async () => {
      userRc(undefined)
      const ok = await conda(lean23, ['create', '-y', '-q', '-n', 'ok23', 'python=3.11'])
      expect(ok.exitCode, ok.stderr).toBe(0)
      userRc('solver: libmamba\n')
      const r = await conda(lean23, ['create', '-y', '-n', 'no23', 'python=3.11'])
      expect(r).toMatchObject({exitCode: 1, stderr: `\nCondaValueError: ${NOT_RECOGNIZED}\n\n`})
      const remove = await conda(lean23, ['remove', '-y', '-p', join(dir, 'missing'), 'python'])
      expect(remove).toMatchObject({exitCode: 1, stderr: `\nCondaValueError: ${NOT_RECOGNIZED}\n\n`})
      // a root that has the plugin solves with it
      const full = await conda(full23, ['create', '--dry-run', '--json', '-p', join(dir, 'p3'), 'python=3.11'])
      expect(full.exitCode, full.stdout).toBe(0)
      userRc(undefined)
    })
  })

  describe('info and config report the configured solver', () => {
    it('26.7.1: libmamba by default (default: true, in the user agent), classic from a .condarc (default: false)', async () => {
      userRc(undefined)
      const info = JSON.parse((await conda(lean26, ['info', '--json'])).stdout)
      expect(info.solver).toEqual({name: 'libmamba', user_agent: 'solver/libmamba', default: true})
      expect(info.user_agent).toMatch(/ glibc\/[\d.]+ solver\/libmamba$/)
      expect((await conda(lean26, ['info'])).stdout).toContain('                 solver : libmamba (default)\n')
      expect(JSON.parse((await conda(lean26, ['config', '--show', 'solver', '--json'])).stdout)).toEqual({
        solver: 'libmamba',
      })
      userRc('solver: classic\n')
      const classic = JSON.parse((await conda(lean26, ['info', '--json'])).stdout)
      expect(classic.solver).toEqual({name: 'classic', user_agent: 'solver/classic', default: false})
      expect(classic.user_agent).toMatch(/ glibc\/[\d.]+$/)
      expect((await conda(lean26, ['info'])).stdout).toContain('                 solver : classic\n')
      userRc(undefined)
    })

    it('23.7.4: classic by default; info has no solver key, but names libmamba in the user agent when configured', async () => {
      userRc(undefined)
      expect(JSON.parse((await conda(lean23, ['config', '--show', 'solver', '--json'])).stdout)).toEqual({
        solver: 'classic',
      })
      userRc('solver: libmamba\n')
      const info = JSON.parse((await conda(lean23, ['info', '--json'])).stdout)
      expect(info.solver).toBeUndefined()
      expect(info.user_agent).toMatch(/ solver\/libmamba$/)
      expect(JSON.parse((await conda(lean23, ['config', '--show', 'solver', '--json'])).stdout)).toEqual({
        solver: 'libmamba',
      })
      userRc(undefined)
    })
  })

  describe('create --dry-run --json of nothing (condamig’s solver probe)', () => {
    it('26.7.1: success, actions with FETCH and PREFIX only, prefix, dry_run — and creates nothing', async () => {
      const prefix = join(dir, 'full', 'v26', 'envs', 'probe')
      const r = await conda(full26, ['create', '--dry-run', '--json', '-p', prefix, '--solver=libmamba'])
      expect(r.exitCode, r.stderr).toBe(0)
      expect(r.stdout).toBe(
        `{\n  "success": true,\n  "actions": {\n    "FETCH": [],\n    "PREFIX": "${prefix}"\n  },\n  "prefix": "${prefix}",\n  "dry_run": true\n}`,
      )
      expect(existsSync(prefix)).toBe(false)
    })

    it('23.7.4: the same document with sorted keys and a newline', async () => {
      const prefix = join(dir, 'full', 'v23', 'envs', 'probe')
      const r = await conda(full23, ['create', '--dry-run', '--json', '-p', prefix])
      expect(r.exitCode, r.stderr).toBe(0)
      expect(r.stdout).toBe(
        `{\n  "actions": {\n    "FETCH": [],\n    "PREFIX": "${prefix}"\n  },\n  "dry_run": true,\n  "prefix": "${prefix}",\n  "success": true\n}\n`,
      )
      expect(existsSync(prefix)).toBe(false)
    })

    it('a create of nothing has no LINK either; a dry run onto an existing env is a CondaValueError', async () => {
      const prefix = join(dir, 'full', 'v26', 'envs', 'empty')
      const r = await conda(full26, ['create', '-y', '--json', '-p', prefix])
      expect(r.exitCode, r.stderr).toBe(0)
      expect(JSON.parse(r.stdout)).toEqual({success: true, actions: {FETCH: [], PREFIX: prefix}, prefix})
      const again = await conda(full26, ['create', '--dry-run', '--json', '-p', prefix])
      expect(again.exitCode).toBe(1)
      expect(JSON.parse(again.stdout).error).toBe(
        'CondaValueError: Cannot `create --dry-run` with an existing conda environment',
      )
    })
  })
})
