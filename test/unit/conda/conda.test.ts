import {mkdirSync, mkdtempSync, rmSync, symlinkSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'

import {Conda} from '../../../src/conda/conda.js'
import {ExternalCommandError} from '../../../src/errors.js'
import {FakeRunner} from '../../support/fake-runner.js'
import {loadTranscript, rewritePaths} from '../../support/transcripts.js'

const BASE = '/srv/conda'
const V1 = `${BASE}/roots/v1`
const BIN = `${V1}/bin/conda`
const PREFIX = `${V1}/envs/hlink`

/** A transcript of the v1 root (conda 23.7.4 unless said), moved under BASE. */
const recorded = (file: string, dir = 'conda-23.7.4') => rewritePaths(loadTranscript(dir, file), BASE)

/** Replays a recorded transcript for whatever argv condamig uses (its own argv differs: -p, not -n). */
const answering = (line: string | RegExp, file: string, dir?: string) => new FakeRunner().on(line, recorded(file, dir))

describe('Conda queries', () => {
  it('reads the version, replaying the recorded call', async () => {
    const runner = FakeRunner.fromTranscript(loadTranscript('conda-25.11.1', 'version.txt'), {rewrite: BASE})
    expect(await new Conda({bin: `${BASE}/roots/v2/bin/conda`, runner}).version()).toBe('25.11.1')
  })

  it('throws ExternalCommandError when the binary does not answer like conda', async () => {
    const runner = new FakeRunner().on('conda --version', {stdout: 'Python 3.11.2\n'})
    await expect(new Conda({bin: BIN, runner}).version()).rejects.toThrow(ExternalCommandError)
  })

  it('throws when conda hangs past the timeout given for a root question', async () => {
    const runner = new FakeRunner().on('conda info --json', {}, {delayMs: 60_000})
    await expect(new Conda({bin: BIN, runner}).info({timeoutMs: 5})).rejects.toThrow(
      /did not answer conda info --json: .*timeout/,
    )
  })

  it('reads info --json', async () => {
    const runner = FakeRunner.fromTranscript(loadTranscript('conda-23.7.4', 'info.json'), {rewrite: BASE})
    expect(await new Conda({bin: BIN, runner}).info()).toMatchObject({rootPrefix: V1, condaVersion: '23.7.4'})
  })

  it('lists every env prefix conda knows', async () => {
    const runner = FakeRunner.fromTranscript(loadTranscript('conda-23.7.4', 'env-list.json'), {rewrite: BASE})
    const prefixes = await new Conda({bin: BIN, runner}).envList()
    expect(prefixes).toContain(`${V1}/envs/withpip`)
    expect(prefixes).toHaveLength(9)
  })

  it('lists packages of a prefix, and reports a missing prefix as a value', async () => {
    const runner = answering('conda list --json -p /srv/conda/roots/v1/envs/withpip', 'list-withpip.json').on(
      /^conda list --json -p .*nosuchenv$/,
      recorded('list-missing-env.json'),
    )
    const conda = new Conda({bin: BIN, runner})
    const listed = await conda.listJson(`${V1}/envs/withpip`)
    expect(listed.ok && listed.value.filter((entry) => entry.channel === 'pypi')).toHaveLength(3)
    const missing = await conda.listJson(`${V1}/envs/nosuchenv`)
    expect(missing.ok ? undefined : missing.failure.exceptionName).toBe('EnvironmentLocationNotFound')
  })

  it('lists explicit URLs with --md5', async () => {
    const runner = answering(`conda list --explicit --md5 -p ${PREFIX}`, 'list-explicit-md5.txt')
    const listed = await new Conda({bin: BIN, runner}).listExplicit(PREFIX, {md5: true})
    expect(listed.ok && listed.value[0]).toMatch(
      /^file:\/\/\/srv\/conda\/channel\/linux-64\/ca-certificates-.*#[0-9a-f]{32}$/,
    )
  })
})

describe('Conda.exportEnv', () => {
  let dir: string | undefined
  afterEach(() => {
    if (dir) rmSync(dir, {recursive: true, force: true})
    dir = undefined
  })

  it('returns the YAML and keeps 26.7.1 export warnings out of the verdict', async () => {
    const runner = answering(
      'conda env export --name withpip --no-builds',
      'env-export-with-pip-git.yml',
      'conda-26.7.1',
    )
    const exported = await new Conda({bin: BIN, runner}).exportEnv({name: 'withpip'})
    expect(exported).toMatchObject({ok: true, name: 'withpip', prefix: `${BASE}/roots/v3/envs/withpip`})
    expect(exported.ok && exported.yaml).toContain('  - pip:\n      - hlink-client==1.0.0')
    expect(exported.ok && exported.warnings).toEqual([
      'CondaExportWarning: The exported environment contains 3rd party Python packages.',
    ])
  })

  it.each(['conda-23.7.4', 'conda-26.7.1'])('%s: detects the exit-0 stub of a missing env', async (version) => {
    const runner = answering('conda env export --name nosuchenv --no-builds', 'env-export-missing-env.yml', version)
    const exported = await new Conda({bin: BIN, runner}).exportEnv({name: 'nosuchenv'})
    expect(exported.ok ? undefined : exported.failure.kind).toBe('missing-env')
  })

  it('accepts the real root path conda prints for a prefix reached through the current symlink', async () => {
    // Given BASE/current -> roots/v1 on disk, and conda printing the real path (README point 12)
    dir = mkdtempSync(join(tmpdir(), 'condamig-export-'))
    mkdirSync(join(dir, 'roots', 'v1', 'envs', 'py311'), {recursive: true})
    symlinkSync('roots/v1', join(dir, 'current'))
    const runner = new FakeRunner().on(
      /^conda env export/,
      rewritePaths(loadTranscript('conda-23.7.4', 'env-export-no-builds.yml'), dir),
    )
    const conda = new Conda({bin: join(dir, 'current', 'bin', 'conda'), runner})

    // When the env is exported expecting its prefix under current/
    const exported = await conda.exportEnv({name: 'py311', expectPrefix: join(dir, 'current', 'envs', 'py311')})

    // Then the prefixes match once resolved
    expect(exported.ok).toBe(true)
  })

  it('refuses an export whose prefix is another env of the same name', async () => {
    const runner = answering(/^conda env export/, 'env-export-no-builds.yml')
    const realpath = async (path: string) => path
    const exported = await new Conda({bin: BIN, runner, realpath}).exportEnv({
      name: 'py311',
      expectPrefix: `${BASE}/roots/v4/envs/py311`,
    })
    expect(exported.ok ? undefined : exported.failure).toMatchObject({
      kind: 'prefix-mismatch',
      expected: `${BASE}/roots/v4/envs/py311`,
      actual: `${V1}/envs/py311`,
    })
  })

  it('reports a conda error as a value', async () => {
    const runner = new FakeRunner().on(/^conda env export/, {exitCode: 1, stderr: '\nCondaValueError: bad\n'})
    const exported = await new Conda({bin: BIN, runner}).exportEnv({name: 'py311'})
    expect(exported.ok ? undefined : exported.failure).toMatchObject({
      kind: 'conda-error',
      message: 'CondaValueError: bad',
    })
  })
})

describe('Conda mutations', () => {
  it('creates by prefix with -y --json, and judges the NUL-separated result', async () => {
    const runner = answering(/^conda create/, 'create-json.json')
    const op = await new Conda({bin: BIN, runner}).create({
      prefix: PREFIX,
      specs: ['python=3.11', 'hlink-etl'],
      channels: ['defaults'],
    })
    expect(op.ok).toBe(true)
    expect(runner.calls[0]).toMatchObject({
      file: BIN,
      args: ['create', '-y', '--json', '-p', PREFIX, '-c', 'defaults', 'python=3.11', 'hlink-etl'],
    })
  })

  it('returns a missing package as a failure value', async () => {
    const runner = answering(/^conda create/, 'create-missing-package.json', 'conda-26.7.1')
    const op = await new Conda({bin: BIN, runner}).create({prefix: PREFIX, specs: ['nosuchpkg']})
    expect(op.ok ? undefined : op.failure).toMatchObject({
      exceptionName: 'PackagesNotFoundInChannelsError',
      category: 'missing_package',
      packages: ['nosuchpkg'],
    })
  })

  it('returns a pip failure of env create as a failure value', async () => {
    const runner = answering(/^conda env create/, 'env-create-pip-failure.txt')
    const op = await new Conda({bin: BIN, runner}).envCreate({prefix: PREFIX, file: `${BASE}/env_specs/hlink.yml`})
    expect(op.ok ? undefined : op.failure).toMatchObject({category: 'pip_error', stageHint: 'pip'})
    expect(runner.lines).toEqual([`conda env create -y --json -p ${PREFIX} -f /srv/conda/env_specs/hlink.yml`])
  })

  it('installs and removes with success documents', async () => {
    const runner = answering(/^conda install/, 'install.json').on(/^conda remove/, recorded('remove-all-json.json'))
    const conda = new Conda({bin: BIN, runner})
    expect((await conda.install({prefix: PREFIX, specs: ['six']})).ok).toBe(true)
    expect((await conda.removeAll(PREFIX)).ok).toBe(true)
    expect(runner.lines[1]).toBe(`conda remove -y --json -p ${PREFIX} --all`)
  })

  it('turns a create stopped at its timeout into a timeout failure', async () => {
    const runner = new FakeRunner().on(/^conda create/, recorded('create-json.json'), {delayMs: 60_000})
    const op = await new Conda({bin: BIN, runner}).create({prefix: PREFIX, specs: ['python']}, {timeoutMs: 5})
    expect(op.ok ? undefined : op.failure).toMatchObject({category: 'timeout', timedOut: true})
    expect(runner.calls[0]?.timeoutMs).toBe(5)
  })

  it('turns an aborted create into an interrupted failure, passing the signal to the runner', async () => {
    const runner = new FakeRunner().on(/^conda create/, recorded('create-json.json'), {delayMs: 60_000})
    const controller = new AbortController()
    const pending = new Conda({bin: BIN, runner}).create(
      {prefix: PREFIX, specs: ['python']},
      {signal: controller.signal},
    )
    controller.abort()
    const op = await pending
    expect(op.ok ? undefined : op.failure.category).toBe('interrupted')
    expect(runner.calls[0]?.signal).toBe(controller.signal)
  })

  it('merges per-call variables over the instance ones', async () => {
    const runner = answering(/^conda create/, 'create-json.json')
    const conda = new Conda({bin: BIN, runner, env: {CONDA_PKGS_DIRS: '/srv/pkgs', A: '1'}})
    await conda.create({prefix: PREFIX, specs: ['python']}, {env: {A: '2'}})
    expect(runner.calls[0]?.env).toEqual({CONDA_PKGS_DIRS: '/srv/pkgs', A: '2'})
  })
})
