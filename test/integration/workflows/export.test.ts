import {execFileSync} from 'node:child_process'
import {existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync} from 'node:fs'
import {hostname} from 'node:os'
import {join} from 'node:path'
import {parse} from 'yaml'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'

import Export from '../../../commands/export.js'
import {ExecaRunner} from '../../../src/system/execa-runner.js'
import {acquireLock} from '../../../src/system/lock.js'
import type {RunRequest, RunResult, Runner} from '../../../src/system/runner.js'
import {exportEnvs, type ExportedEnv, type SpecMeta} from '../../../src/workflows/export.js'
import {
  hashTree,
  makeBase,
  runCommand,
  SAMPLE,
  type SampleBase,
  tmpDir,
  workflowContext,
} from '../../support/make-base.js'

const GIT_COMMIT = '6c59a7cb98cf6365b2b6826fa84dfc3ac543bef0' // the world's hlink-private v0.2.0
const STAMP = '20261126T120000Z' // workflowContext's clock

type EnvFile = {name: string; channels: string[]; dependencies: (string | {pip: string[]})[]; prefix?: string}

/** Reads an environment file with the yaml library (not condamig's parser): conda specs and pip lines. */
const readEnvFile = (text: string) => {
  const doc = parse(text) as EnvFile
  const conda = doc.dependencies.filter((dep): dep is string => typeof dep === 'string')
  const pip = doc.dependencies.flatMap((dep) => (typeof dep === 'string' ? [] : dep.pip))
  return {doc, conda, pip}
}

/** What the root's own conda exports for `name`, run directly. */
const rawExport = (sample: SampleBase, root: string, name: string) =>
  readEnvFile(
    execFileSync(join(sample.root(root), 'bin', 'conda'), ['env', 'export', '--name', name, '--no-builds'], {
      env: {...process.env, ...sample.env},
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  )

/** `name=version` of a conda spec that may carry a build string. */
const withoutBuild = (spec: string) => spec.split('=').slice(0, 2).join('=')

/** A runner that watches the calls going through it and can act just before one runs. */
const watchingRunner = (before: (request: RunRequest) => void = () => {}) => {
  const inner = new ExecaRunner()
  const watch = {calls: [] as RunRequest[], inFlight: 0, maxInFlight: 0, stderr: [] as string[]}
  const runner: Runner = {
    async run(request: RunRequest): Promise<RunResult> {
      watch.calls.push(request)
      before(request)
      const exporting = request.args[0] === 'env' && request.args[1] === 'export'
      if (exporting) watch.maxInFlight = Math.max(watch.maxInFlight, ++watch.inFlight)
      try {
        const result = await inner.run(request)
        if (exporting) watch.stderr.push(result.stderr)
        return result
      } finally {
        if (exporting) watch.inFlight--
      }
    },
  }
  return {runner, watch}
}

let sample: SampleBase
let specs: string
beforeAll(async () => {
  sample = await makeBase(
    tmpDir(),
    {...SAMPLE, roots: {v23: SAMPLE.roots.v23 ?? {condaVersion: '23.7.4'}}},
    {
      cleanup: 'manual',
    },
  )
  specs = join(sample.base, 'env_specs')
})
afterAll(() => sample?.cleanup())
beforeEach(() => {
  rmSync(specs, {recursive: true, force: true})
  writeFileSync(join(sample.base, 'condamig.ini'), SAMPLE.ini ?? '')
})

const okEnv = (name: string, extra: Partial<ExportedEnv> = {}): ExportedEnv => {
  const raw = rawExport(sample, 'v23', name)
  return {
    name,
    status: 'ok',
    spec: `env_specs/${name}.yml`,
    packages: raw.conda.length,
    pipPackages: raw.pip.length,
    origins: [],
    notes: [],
    ...extra,
  }
}

describe('export', () => {
  it('writes a spec and a meta file for every inventoried env, and nothing inside the current root', async () => {
    const current = hashTree(sample.root('v23'))

    // When every inventoried env is exported
    const result = await exportEnvs(workflowContext(sample.base), {envs: []})

    // Then each env has its spec and meta, the batch is ok, current's root is byte for byte as it was
    expect(result).toEqual({
      base: sample.base,
      source: {root: 'v23', condaVersion: '23.7.4'},
      specsDir: specs,
      environments: [
        okEnv('py311'),
        okEnv('withpip', {
          origins: [
            {
              name: 'hlink-private',
              url: 'file:///opt/conda-example/gitrepos/hlink-private',
              kind: 'vcs',
              commit: GIT_COMMIT,
              vcs: 'git',
            },
          ],
          notes: ['pip origins recovered: hlink-private'],
        }),
        okEnv('py38'),
      ],
      warnings: [],
    })
    expect(readdirSync(specs).sort()).toEqual([
      'py311.meta.json',
      'py311.yml',
      'py38.meta.json',
      'py38.yml',
      'withpip.meta.json',
      'withpip.yml',
    ])
    expect(hashTree(sample.root('v23'))).toBe(current)
    expect(existsSync(join(sample.base, '.condamig', 'lock'))).toBe(false)
  })

  it('writes specs without prefix or build strings that lose no dependency of the export', async () => {
    await exportEnvs(workflowContext(sample.base), {envs: []})

    for (const name of ['py311', 'withpip', 'py38']) {
      const text = readFileSync(join(specs, `${name}.yml`), 'utf8')
      const written = readEnvFile(text)
      const raw = rawExport(sample, 'v23', name)
      expect(text).not.toMatch(/^prefix:/m)
      expect(written.doc.name).toBe(name)
      expect(written.conda).toEqual(raw.conda.map(withoutBuild))
      expect(written.pip).toEqual(raw.pip)
      for (const spec of written.conda) expect(spec).toMatch(/^[^=\s]+=[^=\s]+$/)
    }

    expect(readFileSync(join(specs, 'py38.yml'), 'utf8')).toBe(
      [
        'name: py38',
        'channels:',
        '  - defaults',
        '  - file:///opt/conda-example/channel',
        'dependencies:',
        '  - ca-certificates=2023.12.12',
        '  - libgcc-ng=11.2.0',
        '  - openssl=3.0.12',
        '  - pip=23.0.1',
        '  - python=3.8.18',
        '  - setuptools=66.1.1',
        '  - tzdata=2023c',
        '  - wheel=0.38.4',
        '  - zlib=1.2.13',
        '',
      ].join('\n'),
    )
  })

  it('keeps what conda loses beside the spec: source root, conda version, explicit URLs, git origin', async () => {
    await exportEnvs(workflowContext(sample.base), {envs: ['withpip']})

    const meta = JSON.parse(readFileSync(join(specs, 'withpip.meta.json'), 'utf8')) as SpecMeta
    const explicit = execFileSync(
      join(sample.root('v23'), 'bin', 'conda'),
      ['list', '--explicit', '-p', join(sample.root('v23'), 'envs', 'withpip')],
      {env: {...process.env, ...sample.env}, encoding: 'utf8'},
    )
      .split('\n')
      .filter((line) => line.startsWith('file:') || line.startsWith('http'))
      .sort() // read from conda-meta (conda list may write in current), sorted; conda prints them in link order
    expect(explicit).toContain('file:///opt/conda-example/channel/linux-64/python-3.11.7-h986121c_0.tar.bz2')
    expect(meta).toEqual({
      name: 'withpip',
      exportedAt: '2026-11-26T12:00:00.000Z',
      sourceRoot: 'v23',
      sourceRootReal: realpathSync(sample.root('v23')),
      condaVersion: '23.7.4',
      explicitUrls: explicit,
      pipOrigins: [
        {
          name: 'hlink-private',
          url: 'file:///opt/conda-example/gitrepos/hlink-private',
          kind: 'vcs',
          commit: GIT_COMMIT,
          vcs: 'git',
        },
      ],
    })
  })

  it('archives a previous spec that changes under env_specs/.history/, and leaves no temp file', async () => {
    // Given a hand-written py38 spec from an earlier run, and an up-to-date py311 spec
    await exportEnvs(workflowContext(sample.base), {envs: ['py311']})
    const py311 = readFileSync(join(specs, 'py311.yml'), 'utf8')
    writeFileSync(join(specs, 'py38.yml'), 'name: py38\ndependencies:\n  - python=3.8.10\n')

    // When both are exported again
    await exportEnvs(workflowContext(sample.base), {envs: ['py311', 'py38']})

    // Then only the changed one was archived, with its old content
    expect(readdirSync(join(specs, '.history'))).toEqual([`py38.${STAMP}.yml`])
    expect(readFileSync(join(specs, '.history', `py38.${STAMP}.yml`), 'utf8')).toBe(
      'name: py38\ndependencies:\n  - python=3.8.10\n',
    )
    expect(readFileSync(join(specs, 'py311.yml'), 'utf8')).toBe(py311)
    expect(readFileSync(join(specs, 'py38.yml'), 'utf8')).toContain('python=3.8.18')
    const all = [...readdirSync(specs), ...readdirSync(join(specs, '.history'))]
    expect(all.filter((file) => file.includes('condamig-tmp'))).toEqual([])
  })

  it('never overwrites an archive: a second change within the same second gets its own file', async () => {
    mkdirSync(specs, {recursive: true})
    writeFileSync(join(specs, 'py38.yml'), 'first hand edit\n')
    await exportEnvs(workflowContext(sample.base), {envs: ['py38']})
    writeFileSync(join(specs, 'py38.yml'), 'second hand edit\n')

    await exportEnvs(workflowContext(sample.base), {envs: ['py38']})

    const history = join(specs, '.history')
    expect(readdirSync(history).sort()).toEqual([`py38.${STAMP}-2.yml`, `py38.${STAMP}.yml`])
    expect(readFileSync(join(history, `py38.${STAMP}.yml`), 'utf8')).toBe('first hand edit\n')
    expect(readFileSync(join(history, `py38.${STAMP}-2.yml`), 'utf8')).toBe('second hand edit\n')
  })

  it('exports only the --env ones', async () => {
    const result = await exportEnvs(workflowContext(sample.base), {envs: ['py38']})

    expect(result.environments.map((env) => [env.name, env.status])).toEqual([['py38', 'ok']])
    expect(readdirSync(specs).sort()).toEqual(['py38.meta.json', 'py38.yml'])
  })

  it('refuses an --env that is not in the ini: exit 2, one line, nothing written', async () => {
    const before = hashTree(sample.base)

    const run = await runCommand(Export, ['--base', sample.base, '--env', 'py38', '--env', 'nosuch'])

    expect(run.exitCode).toBe(2)
    expect(run.stderr).toBe(`condamig: --env nosuch: not in ${join(sample.base, 'condamig.ini')}\n`)
    expect(hashTree(sample.base)).toBe(before)
  })

  it('exports --parallel N environments at a time', async () => {
    const wide = watchingRunner()
    await exportEnvs(workflowContext(sample.base, {runner: wide.runner}), {envs: [], flags: {parallel: 3}})
    const narrow = watchingRunner()
    await exportEnvs(workflowContext(sample.base, {runner: narrow.runner}), {envs: [], flags: {parallel: 1}})

    expect(wide.watch.maxInFlight).toBe(3)
    expect(narrow.watch.maxInFlight).toBe(1)
    expect(readdirSync(specs).filter((file) => file.endsWith('.yml'))).toHaveLength(3)
  })

  it('goes on when an env in the ini is not on disk: exit 1, and the summary says which and why', async () => {
    writeFileSync(join(sample.base, 'condamig.ini'), `${SAMPLE.ini}ghost = export\n`)

    const run = await runCommand(Export, ['--base', sample.base])

    expect(run.exitCode).toBe(1)
    const ghost = join(sample.root('v23'), 'envs', 'ghost')
    expect(run.stdout).toContain('exported 3 of 4 environment(s) from v23 (conda 23.7.4)')
    expect(run.stdout).toContain(
      `\nFailed:\n  ghost: ${ghost} does not exist (or has no conda-meta/): nothing to export`,
    )
    expect(
      readdirSync(specs)
        .filter((file) => file.endsWith('.yml'))
        .sort(),
    ).toEqual(['py311.yml', 'py38.yml', 'withpip.yml'])
  })

  it('refuses to run while another process holds the lock: exit 3, nothing written', async () => {
    const lock = await acquireLock(join(sample.base, '.condamig', 'lock'), {
      command: 'condamig inventory --write',
      user: 'bob',
      host: hostname(),
    })
    try {
      const before = hashTree(sample.base)

      const run = await runCommand(Export, ['--base', sample.base])

      expect(run.exitCode).toBe(3)
      expect(run.stderr.split('\n')[0]).toContain(`is held by bob@${hostname()} (pid ${process.pid}`)
      expect(hashTree(sample.base)).toBe(before)
    } finally {
      lock.release()
    }
  })
})

describe('export of an env that vanishes mid-run', () => {
  it('fails that env alone and exports the others', async () => {
    // Given two envs, the second of which is deleted right before conda exports it
    const local = await makeBase(tmpDir(), {
      roots: {v23: {condaVersion: '23.7.4', envs: {first: {conda: ['python=3.8']}, second: {conda: ['python=3.8']}}}},
      current: 'v23',
      ini: '[environments]\nfirst = export\nsecond = REPLICATE\n',
    })
    const second = join(local.root('v23'), 'envs', 'second')
    const {runner} = watchingRunner((request) => {
      // conda reads a view of the env (system/env-view): the env itself goes while conda exports
      if (request.args[1] === 'export' && request.args[3]?.endsWith('/second')) rmSync(second, {recursive: true})
    })

    // When the batch runs
    const result = await exportEnvs(workflowContext(local.base, {runner}), {envs: [], flags: {parallel: 1}})

    // Then the vanished env failed, no spec of it was written, and the other one was exported
    expect(result.environments.map((env) => [env.name, env.status])).toEqual([
      ['first', 'ok'],
      ['second', 'failed'],
    ])
    expect(result.environments[1]?.error).toBe(`${second} vanished while it was being exported: no spec written`)
    expect(readdirSync(join(local.base, 'env_specs')).sort()).toEqual(['first.meta.json', 'first.yml'])
  })
})

describe('export from other conda versions', () => {
  let old: SampleBase
  const useCurrent = (root: string) => {
    rmSync(join(old.base, 'current'))
    execFileSync('ln', ['-s', root, join(old.base, 'current')])
  }

  beforeAll(async () => {
    const envs = {
      withpip: SAMPLE.roots.v23?.envs?.withpip ?? {conda: []},
      py38: {conda: ['python=3.8', 'numpy']},
    }
    old = await makeBase(
      tmpDir(),
      {
        roots: {v43: {condaVersion: '4.3.22', envs}, v26: {condaVersion: '26.7.1', envs}},
        current: 'v43',
        ini: '[environments]\nwithpip = REPLICATE\npy38 = export\n',
      },
      {cleanup: 'manual'},
    )
  })
  afterAll(() => old?.cleanup())

  it('strips the build strings conda 4.3.22 prints despite --no-builds', async () => {
    useCurrent('v43')
    const raw = rawExport(old, 'v43', 'py38')
    expect(raw.conda.every((spec) => spec.split('=').length === 3)).toBe(true)

    const result = await exportEnvs(workflowContext(old.base), {envs: []})

    expect(result.environments.map((env) => [env.name, env.status, env.notes[0]])).toEqual([
      ['withpip', 'ok', 'build strings stripped (conda 4.3.22 left them in)'],
      ['py38', 'ok', 'build strings stripped (conda 4.3.22 left them in)'],
    ])
    const written = readEnvFile(readFileSync(join(old.base, 'env_specs', 'py38.yml'), 'utf8'))
    expect(written.conda).toEqual(raw.conda.map(withoutBuild))
    expect(written.conda).toContain('numpy=1.21.6')
  })

  it('takes conda 26.7.1’s stderr warning about pip packages as the success it is', async () => {
    useCurrent('v26')
    const {runner, watch} = watchingRunner()

    const result = await exportEnvs(workflowContext(old.base, {runner}), {envs: ['withpip']})

    expect(watch.stderr.join('')).toContain('CondaExportWarning: The exported environment contains 3rd party Python')
    expect(result.source).toEqual({root: 'v26', condaVersion: '26.7.1'})
    expect(result.environments.map((env) => [env.name, env.status, env.pipPackages])).toEqual([['withpip', 'ok', 3]])
  })
})
