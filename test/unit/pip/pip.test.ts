import {describe, expect, it} from 'vitest'

import {classifyPipFailure} from '../../../src/conda/classify.js'
import {Pip} from '../../../src/pip/pip.js'
import {FakeRunner} from '../../support/fake-runner.js'
import {loadTranscript, rewritePaths} from '../../support/transcripts.js'

const PY = '/srv/conda/roots/v1/envs/withpip/bin/python'
const recorded = (file: string) => rewritePaths(loadTranscript('conda-23.7.4', file), '/srv/conda')

describe('Pip', () => {
  it('installs with the env python and reports success', async () => {
    const runner = new FakeRunner().on(/^python -m pip install/, recorded('pip-install.txt'))
    const pip = new Pip({python: PY, runner})
    const result = await pip.install(['hlink-client==1.0.0', 'internal-tools==2.3.0'], {env: {PIP_NO_INDEX: '1'}})
    expect(result.ok).toBe(true)
    expect(runner.calls[0]).toMatchObject({
      file: PY,
      args: ['-m', 'pip', 'install', '--disable-pip-version-check', 'hlink-client==1.0.0', 'internal-tools==2.3.0'],
      env: {PIP_NO_INDEX: '1'},
    })
  })

  it('returns a failed VCS install as a value the classifier makes git_manual', async () => {
    const url = 'git+file:///srv/conda/gitrepos/hlink-private@v9#egg=hlink-private'
    const stderr =
      "  Running command git checkout -q v9\n  error: pathspec 'v9' did not match any file(s) known to git\n  error: subprocess-exited-with-error\n"
    const runner = new FakeRunner().on(/^python -m pip install/, {exitCode: 1, stderr})
    const result = await new Pip({python: PY, runner}).install([url])
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.failure.message).toBe(
      "error: pathspec 'v9' did not match any file(s) known to git\nerror: subprocess-exited-with-error",
    )
    const failure = classifyPipFailure(result.failure, {
      env: 'withpip',
      overrideFile: 'env_specs/overrides/withpip.yml',
      stage: 'git',
      url,
    })
    expect(failure).toMatchObject({stage: 'git', category: 'git_manual', packages: [url]})
  })

  it('reads freeze, and list --format json', async () => {
    const runner = new FakeRunner()
      .on('python -m pip freeze --disable-pip-version-check', recorded('pip-freeze.txt'))
      .on('python -m pip list --format json --disable-pip-version-check', {
        stdout: '[{"name": "six", "version": "1.16.0"}]',
      })
    const pip = new Pip({python: PY, runner})
    const frozen = await pip.freeze()
    expect(frozen.ok && frozen.value.map((entry) => entry.name)).toContain('hlink-private')
    expect(await pip.list()).toMatchObject({ok: true, value: [{name: 'six', version: '1.16.0'}]})
  })

  it('returns a pip that cannot list as a failure value', async () => {
    const runner = new FakeRunner().on(/pip list/, {exitCode: 1, stderr: '/srv/env/bin/python: No module named pip\n'})
    const listed = await new Pip({python: PY, runner}).list()
    expect(listed.ok ? undefined : listed.failure.message).toBe(
      'pip exited 1:\n/srv/env/bin/python: No module named pip',
    )
  })
})
