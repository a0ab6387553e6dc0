import {describe, expect, it} from 'vitest'

import {parseInfoJson} from '../../../src/conda/parse/info-json.js'
import {compareVersions, parseCondaVersion, parsePythonVersion} from '../../../src/conda/parse/version.js'
import {CONDA_VERSIONS, loadTranscript, ROOT_OF} from '../../support/transcripts.js'

describe('parseCondaVersion', () => {
  it.each(CONDA_VERSIONS)('%s: reads conda --version', (dir) => {
    const transcript = loadTranscript(dir, 'version.txt')
    expect(parseCondaVersion(transcript)).toBe(dir.replace('conda-', ''))
  })

  it('reads the version old condas print on stderr', () => {
    expect(parseCondaVersion({stdout: '', stderr: 'conda 4.3.22\n'})).toBe('4.3.22')
  })

  it('returns undefined for a binary that is not conda', () => {
    expect(parseCondaVersion({stdout: 'Python 3.11.2\n', stderr: ''})).toBeUndefined()
  })
})

describe('parsePythonVersion', () => {
  it('reads python --version from stdout, or from stderr as Python 2 prints it', () => {
    expect(parsePythonVersion({stdout: 'Python 3.11.2\n', stderr: ''})).toBe('3.11.2')
    expect(parsePythonVersion({stdout: '', stderr: 'Python 2.7.18\n'})).toBe('2.7.18')
  })

  it('returns undefined for a binary that is not python', () => {
    expect(parsePythonVersion({stdout: 'conda 26.7.1\n', stderr: ''})).toBeUndefined()
  })
})

describe('compareVersions', () => {
  it('compares dotted versions numerically', () => {
    expect(compareVersions('4.10', '4.9')).toBeGreaterThan(0)
    expect(compareVersions('22.11', '22.11.0')).toBe(0)
    expect(compareVersions('4.8.3', '23.7.4')).toBeLessThan(0)
    expect(compareVersions('23.7.4rc1', '23.7.4')).toBe(0)
  })
})

describe('parseInfoJson', () => {
  it.each(CONDA_VERSIONS)('%s: reads root, versions, dirs, channels and platform', (dir) => {
    const info = parseInfoJson(loadTranscript(dir, 'info.json').stdout)
    const root = ROOT_OF[dir]
    expect(info).toMatchObject({
      rootPrefix: root,
      condaVersion: dir.replace('conda-', ''),
      pythonVersion: '3.11.2',
      envsDirs: [`${root}/envs`, '/opt/conda-example/home/.conda/envs'],
      pkgsDirs: [`${root}/pkgs`, '/opt/conda-example/home/.conda/pkgs'],
      channels: ['file:///opt/conda-example/channel/linux-64', 'file:///opt/conda-example/channel/noarch'],
      platform: 'linux-64',
    })
  })

  it('reads the solver name where conda reports it (25.11.1+), and omits it before', () => {
    expect(parseInfoJson(loadTranscript('conda-26.7.1', 'info.json').stdout)?.solver).toBe('classic')
    expect(parseInfoJson(loadTranscript('conda-23.7.4', 'info.json').stdout)).not.toHaveProperty('solver')
  })

  it('returns undefined for output that is not an info document', () => {
    expect(parseInfoJson('conda 23.7.4')).toBeUndefined()
    expect(parseInfoJson('{"platform": "linux-64"}')).toBeUndefined()
  })
})
