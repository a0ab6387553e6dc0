import {describe, expect, it} from 'vitest'

import {pipErrorLines, pipErrorPackages, pipSectionOfConda} from '../../../src/pip/parse/pip-error.js'
import {parseFreeze} from '../../../src/pip/parse/pip-freeze.js'
import {parsePipListJson} from '../../../src/pip/parse/pip-list-json.js'
import {toPipResult} from '../../../src/pip/parse/pip-result.js'
import {CONDA_VERSIONS, loadTranscript} from '../../support/transcripts.js'

const run = (exitCode: number | null, stdout: string, stderr: string, extra = {}) => ({
  command: 'python -m pip install',
  exitCode,
  stdout,
  stderr,
  timedOut: false,
  cancelled: false,
  durationMs: 1,
  ...extra,
})

describe('parseFreeze', () => {
  it.each(CONDA_VERSIONS)('%s: keeps the VCS origin that conda env export loses', (dir) => {
    const entries = parseFreeze(loadTranscript(dir, 'pip-freeze.txt').stdout)
    expect(entries.find((entry) => entry.name === 'hlink-private')).toEqual({
      raw: expect.stringMatching(
        /^hlink-private @ git\+file:\/\/\/opt\/conda-example\/gitrepos\/hlink-private@[0-9a-f]{40}$/,
      ),
      name: 'hlink-private',
      url: expect.stringMatching(/^git\+file:\/\/\//),
      editable: false,
    })
    expect(entries.find((entry) => entry.name === 'hlink-client')).toMatchObject({version: '1.0.0'})
  })

  it('reads editable lines and leaves odd lines raw', () => {
    expect(parseFreeze('-e git+https://h/x.git@abc#egg=xpkg\n# comment\nweird line\n')).toEqual([
      {
        raw: '-e git+https://h/x.git@abc#egg=xpkg',
        url: 'git+https://h/x.git@abc#egg=xpkg',
        editable: true,
        name: 'xpkg',
      },
      {raw: 'weird line', editable: false},
    ])
  })
})

describe('pip errors', () => {
  it.each(CONDA_VERSIONS)('%s: reads the requirement pip could not find from the pip section', (dir) => {
    const section = pipSectionOfConda(loadTranscript(dir, 'env-create-pip-missing.txt').stderr) ?? ''
    expect(pipErrorPackages(section)).toEqual(['hlink-client==9.9.9'])
    expect(pipErrorLines(section)).toEqual([
      'ERROR: Could not find a version that satisfies the requirement hlink-client==9.9.9 (from versions: 1.0.0, 1.1.0)',
      'ERROR: No matching distribution found for hlink-client==9.9.9',
    ])
  })

  it("stops the pip section at conda's own exception line", () => {
    const section = pipSectionOfConda(loadTranscript('conda-23.7.4', 'env-create-pip-failure.txt').stderr) ?? ''
    expect(section).not.toContain('CondaEnvException')
    expect(pipSectionOfConda('CondaValueError: x')).toBeUndefined()
  })
})

describe('toPipResult', () => {
  it.each(CONDA_VERSIONS)('%s: a pip install with git chatter on stderr and exit 0 is a success', (dir) => {
    const transcript = loadTranscript(dir, 'pip-install.txt')
    expect(transcript.stderr).toContain('git clone')
    expect(toPipResult(run(transcript.exitCode, transcript.stdout, transcript.stderr)).ok).toBe(true)
  })

  it("reads a failed install's ERROR lines and packages", () => {
    const stderr = pipSectionOfConda(loadTranscript('conda-26.7.1', 'env-create-pip-failure.txt').stderr) ?? ''
    const result = toPipResult(run(1, 'Looking in links: /opt/conda-example/wheels\n', stderr))
    expect(result.ok ? undefined : result.failure).toMatchObject({
      packages: ['hlink-private==0.2.0'],
      message: expect.stringMatching(/^ERROR: Could not find a version/),
      exitCode: 1,
    })
  })

  it('says how pip ended when it printed no ERROR line', () => {
    const timedOut = toPipResult(run(null, '', '', {timedOut: true}))
    expect(timedOut.ok ? undefined : timedOut.failure).toMatchObject({
      message: 'pip was stopped: timeout reached',
      timedOut: true,
    })
    const crashed = toPipResult(run(2, '', 'Traceback …\nKeyError: x\n'))
    expect(crashed.ok ? undefined : crashed.failure.message).toBe('pip exited 2:\nTraceback …\nKeyError: x')
  })
})

describe('parsePipListJson', () => {
  it('reads name, version and the editable location pip ≥ 21.3 adds', () => {
    const stdout =
      '[{"name": "certifi", "version": "2023.11.17"}, {"name": "hlink", "version": "3.1.0", "editable_project_location": "/home/u/hlink"}]'
    expect(parsePipListJson(stdout)).toEqual([
      {name: 'certifi', version: '2023.11.17'},
      {name: 'hlink', version: '3.1.0', editableLocation: '/home/u/hlink'},
    ])
  })

  it('returns undefined for output that is not a JSON list', () => {
    expect(parsePipListJson('Package Version\n------- -------')).toBeUndefined()
  })
})
