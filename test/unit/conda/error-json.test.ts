import {describe, expect, it} from 'vitest'

import {parseCondaError} from '../../../src/conda/parse/error-json.js'
import {CONDA_VERSIONS, loadTranscript} from '../../support/transcripts.js'

const CHANNEL = ['file:///opt/conda-example/channel/linux-64', 'file:///opt/conda-example/channel/noarch']

describe('parseCondaError', () => {
  it.each(CONDA_VERSIONS)('%s: reads the --json error document on stdout', (dir) => {
    const parsed = parseCondaError(loadTranscript(dir, 'create-missing-package.json'))
    expect(parsed).toMatchObject({packages: ['nosuchpkg'], channelUrls: CHANNEL, source: 'json'})
    expect(parsed?.exceptionName).toMatch(/^PackagesNotFound(InChannels)?Error$/)
    expect(parsed?.message).not.toContain('anaconda.org')
  })

  it.each(CONDA_VERSIONS)('%s: reads the same error from the text form on stderr', (dir) => {
    const parsed = parseCondaError(loadTranscript(dir, 'create-missing-version.txt'))
    expect(parsed).toMatchObject({packages: ['numpy=1.99'], channelUrls: CHANNEL, source: 'text'})
  })

  it('takes the bad_deps of ResolvePackageNotFound', () => {
    const parsed = parseCondaError(loadTranscript('conda-23.7.4', 'env-create-resolve-not-found.json'))
    expect(parsed).toMatchObject({exceptionName: 'ResolvePackageNotFound', packages: ['nosuchpkg=1.0', 'numpy=1.99.0']})
  })

  it('reads a mis-indented spec reported as one odd package', () => {
    expect(parseCondaError(loadTranscript('conda-25.11.1', 'env-create-bad-yaml.txt'))?.packages).toEqual([
      'python==3.11-=numpy',
    ])
  })

  it('takes the heads of the unsatisfiable chains, not the spurious __glibc lines', () => {
    const parsed = parseCondaError(loadTranscript('conda-23.7.4', 'create-unsatisfiable.json'))
    expect(parsed?.packages).toEqual(['numpy=1.26', 'python=3.8'])
  })

  it.each(['conda-23.7.4', 'conda-25.11.1'])(
    '%s: reads the conflicting specs from the UnsatisfiableError text',
    (dir) => {
      expect(parseCondaError(loadTranscript(dir, 'create-unsatisfiable-dep.txt'))?.packages).toEqual([
        'python=3.8',
        'hlink-etl',
      ])
      expect(parseCondaError(loadTranscript(dir, 'install-unsatisfiable.txt'))?.packages).toEqual([
        'numpy=1.26',
        'python=3.8',
      ])
    },
  )

  it('reads the channel URL of UnavailableInvalidChannel from JSON and from text', () => {
    const url = 'file:///opt/conda-example/no-such-alias/conda-forge'
    expect(parseCondaError(loadTranscript('conda-26.7.1', 'create-unknown-channel.json'))?.channelUrls).toEqual([url])
    expect(parseCondaError(loadTranscript('conda-25.11.1', 'create-unknown-channel.txt'))?.channelUrls).toEqual([url])
  })

  it.each(CONDA_VERSIONS)('%s: adds pip\'s own error to "CondaEnvException: Pip failed"', (dir) => {
    const parsed = parseCondaError(loadTranscript(dir, 'env-create-pip-failure.txt'))
    expect(parsed).toMatchObject({exceptionName: 'CondaEnvException', packages: ['hlink-private==0.2.0']})
    expect(parsed?.message).toBe(
      [
        'CondaEnvException: Pip failed',
        'ERROR: Could not find a version that satisfies the requirement hlink-private==0.2.0 (from versions: none)',
        'ERROR: No matching distribution found for hlink-private==0.2.0',
      ].join('\n'),
    )
  })

  it('combines the --json document with the pip error that still goes to stderr', () => {
    const parsed = parseCondaError(loadTranscript('conda-26.7.1', 'env-create-pip-missing.json'))
    expect(parsed).toMatchObject({
      exceptionName: 'CondaEnvException',
      source: 'json',
      packages: ['hlink-client==9.9.9'],
    })
  })

  it('keeps a rejected PEP 508 line whole as the package at fault', () => {
    const parsed = parseCondaError(loadTranscript('conda-25.11.1', 'env-create-pip-invalid-requirement.txt'))
    expect(parsed?.packages).toEqual(['hlink-private @ git+file:///opt/conda-example/gitrepos/hlink-private@v0.2.0'])
  })

  it('reads the final exception of an unhandled traceback (ERROR REPORT)', () => {
    const parsed = parseCondaError(loadTranscript('conda-23.7.4', 'env-create-bad-yaml-syntax.txt'))
    expect(parsed?.exceptionName).toBe('ParserError')
    expect(parsed?.message.split('\n')[0]).toBe('ruamel.yaml.parser.ParserError: while parsing a flow sequence')
    expect(parsed?.message).not.toContain('File "')
  })

  it('reads the repr form of an error (InvalidArchiveError("…"))', () => {
    const parsed = parseCondaError(loadTranscript('concurrency/conda-25.11.1', 'cold-cc4.txt'))
    expect(parsed?.exceptionName).toBe('InvalidArchiveError')
    expect(parsed?.message).toMatch(
      /^InvalidArchiveError: Error with archive \/opt\/conda-example\/roots\/v2\/pkgs\/pip-/,
    )
  })

  it('reads the repr-only ParserError document of 23.7.4 without repeating the name', () => {
    const parsed = parseCondaError(loadTranscript('conda-23.7.4', 'env-create-bad-yaml-syntax.json'))
    expect(parsed?.message).toMatch(/^ParserError: 'while parsing a flow sequence'/)
  })

  it('ignores the logged "ERROR conda.plugins.manager" line and reads the document', () => {
    const parsed = parseCondaError(loadTranscript('conda-25.11.1', 'env-create-bad-yaml-syntax.json'))
    expect(parsed).toMatchObject({exceptionName: 'EnvironmentSpecPluginNotDetected', source: 'json'})
  })

  it('finds nothing in the output of a successful run', () => {
    expect(parseCondaError(loadTranscript('conda-26.7.1', 'create-py311.txt'))).toBeUndefined()
  })
})
