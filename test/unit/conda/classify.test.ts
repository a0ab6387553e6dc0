import {describe, expect, it} from 'vitest'

import {type ClassifyContext, classifyCondaFailure, classifyPipFailure} from '../../../src/conda/classify.js'
import {toCondaFailure} from '../../../src/conda/parse/op-result.js'
import type {CondaFailure} from '../../../src/conda/types.js'
import type {PipFailure} from '../../../src/pip/types.js'
import type {RunResult} from '../../../src/system/runner.js'
import {loadTranscript} from '../../support/transcripts.js'

const context = (overrides: Partial<ClassifyContext> = {}): ClassifyContext => ({
  env: 'oldstats',
  overrideFile: 'env_specs/overrides/oldstats.yml',
  channels: ['defaults', 'file:///pkg/mpc'],
  stage: 'create',
  ...overrides,
})

const failureOf = (dir: string, file: string, extra: Partial<RunResult> = {}): CondaFailure => {
  const transcript = loadTranscript(dir, file)
  return toCondaFailure({...transcript, timedOut: false, cancelled: false, durationMs: 1, ...extra})
}

const condaFailure = (overrides: Partial<CondaFailure>): CondaFailure => ({
  exceptionName: 'PackagesNotFoundError',
  message: 'PackagesNotFoundError: …',
  packages: [],
  channelUrls: [],
  category: 'missing_package',
  stageHint: 'solve',
  exitCode: 1,
  timedOut: false,
  cancelled: false,
  raw: {stdoutTail: '', stderrTail: ''},
  ...overrides,
})

describe('classifyCondaFailure', () => {
  it('names the missing spec, the channels searched and the override file to edit', () => {
    const failure = classifyCondaFailure(condaFailure({packages: ['scipy=0.19.1']}), context())
    expect(failure).toEqual({
      stage: 'solve',
      category: 'missing_package',
      packages: ['scipy=0.19.1'],
      message: 'PackagesNotFoundError: …',
      remediation:
        'scipy=0.19.1 is not in channels defaults, file:///pkg/mpc: pin a newer version in env_specs/overrides/oldstats.yml or add the channel that has it',
    })
  })

  it('falls back to the channel URLs conda printed when the step had none configured', () => {
    const failure = classifyCondaFailure(
      failureOf('conda-26.7.1', 'env-create-resolve-not-found.txt'),
      context({channels: []}),
    )
    expect(failure.packages).toEqual(['numpy=1.99.0', 'nosuchpkg=1.0'])
    expect(failure.remediation).toBe(
      'numpy=1.99.0 nosuchpkg=1.0 are not in channels file:///opt/conda-example/channel/linux-64, file:///opt/conda-example/channel/noarch: pin a newer version in env_specs/overrides/oldstats.yml or add the channel that has it',
    )
  })

  it('lists the conflicting specs of an unsatisfiable solve', () => {
    const failure = classifyCondaFailure(failureOf('conda-23.7.4', 'create-unsatisfiable.json'), context())
    expect(failure).toMatchObject({stage: 'solve', category: 'unsatisfiable', packages: ['numpy=1.26', 'python=3.8']})
    expect(failure.remediation).toBe(
      'numpy=1.26 python=3.8 cannot be installed together: relax or drop one of these pins in env_specs/overrides/oldstats.yml',
    )
  })

  it('names the unreachable channel', () => {
    const failure = classifyCondaFailure(failureOf('conda-23.7.4', 'create-unknown-channel.json'), context())
    expect(failure.category).toBe('channel_error')
    expect(failure.remediation).toMatch(
      /^channel file:\/\/\/opt\/conda-example\/no-such-alias\/conda-forge is unreachable/,
    )
  })

  it("puts conda's pip failure at stage pip with pip's packages", () => {
    const failure = classifyCondaFailure(failureOf('migration-v1-to-v3', 'v3-env-create-withpip.txt'), context())
    expect(failure).toMatchObject({stage: 'pip', category: 'pip_error', packages: ['hlink-private==0.2.0']})
    expect(failure.remediation).toContain('pip could not install hlink-private==0.2.0')
  })

  it('gives a package-cache remediation for corruption from parallel creates', () => {
    for (const [dir, file] of [
      ['concurrency/conda-23.7.4', 'cold-cc1.txt'],
      ['concurrency/conda-23.7.4', 'warm-cc3.txt'],
      ['concurrency/conda-26.7.1', 'cold-cc3.txt'],
    ] as const) {
      const failure = classifyCondaFailure(failureOf(dir, file), context())
      expect({file, category: failure.category, stage: failure.stage}).toEqual({
        file,
        category: 'unknown',
        stage: 'create',
      })
      expect(failure.remediation).toContain('package cache')
    }
  })

  it('makes a timeout and an interrupt their own categories', () => {
    const timedOut = failureOf('conda-23.7.4', 'create-missing-package.txt', {timedOut: true, exitCode: null})
    expect(classifyCondaFailure(timedOut, context())).toMatchObject({stage: 'create', category: 'timeout'})
    const cancelled = failureOf('conda-23.7.4', 'create-py311.txt', {cancelled: true, exitCode: null})
    expect(classifyCondaFailure(cancelled, context())).toMatchObject({category: 'interrupted'})
  })

  it('keeps the stage of steps that run after the create', () => {
    const notFound = failureOf('conda-25.11.1', 'install-missing-package.txt')
    expect(classifyCondaFailure(notFound, context({stage: 'verify'}))).toMatchObject({
      stage: 'verify',
      category: 'missing_package',
    })
  })

  it('makes any conda failure of the noarch step a noarch_error naming the package', () => {
    const failure = classifyCondaFailure(
      failureOf('conda-25.11.1', 'install-missing-package.txt'),
      context({stage: 'noarch'}),
    )
    expect(failure).toMatchObject({stage: 'noarch', category: 'noarch_error', packages: ['nosuchpkg']})
    expect(failure.remediation).toMatch(/^the local noarch package nosuchpkg could not be installed/)
  })

  it('blames the archive of a noarch package conda calls corrupt, not a cache race (installs are serialised)', () => {
    const stderr =
      "\nCondaVerificationError: The package for ipums-dbf-noarch located at /pkg/conda/v4.8/pkgs/ipums-dbf-noarch-0.9-py_0\nappears to be corrupted. The path 'site-packages/ipums_dbf/__init__.py'\nspecified in the package manifest cannot be found.\n\n"
    const raw = toCondaFailure({
      command: 'conda',
      exitCode: 1,
      stdout: '',
      stderr,
      timedOut: false,
      cancelled: false,
      durationMs: 1,
    })
    const failure = classifyCondaFailure({...raw, packages: ['ipums-dbf-noarch']}, context({stage: 'noarch'}))
    expect(failure).toMatchObject({stage: 'noarch', category: 'noarch_error', packages: ['ipums-dbf-noarch']})
    expect(failure.remediation).toMatch(
      /^conda rejects the archive of the local noarch package ipums-dbf-noarch as corrupt/,
    )
  })

  it('tells a human what to do with an invalid environment file', () => {
    const failure = classifyCondaFailure(failureOf('conda-26.7.1', 'env-create-bad-yaml-syntax.txt'), context())
    expect(failure).toMatchObject({stage: 'spec', category: 'unknown'})
    expect(failure.remediation).toBe(
      'the environment file is not valid: fix env_specs/overrides/oldstats.yml, then rerun with --retry-failed',
    )
  })

  it('recognises a full disk and a root it may not write, whatever conda calls them', () => {
    const stderr = "\nOSError: [Errno 28] No space left on device: '/pkg/conda/v4.8/pkgs/numpy-1.26.4'\n"
    const disk = toCondaFailure({
      command: 'conda',
      exitCode: 1,
      stdout: '',
      stderr,
      timedOut: false,
      cancelled: false,
      durationMs: 1,
    })
    expect(disk.exceptionName).toBe('OSError')
    expect(classifyCondaFailure(disk, context()).remediation).toMatch(/^the disk is full/)
    const readOnly = condaFailure({exceptionName: 'NotWritableError', category: 'unknown', stageHint: undefined})
    expect(classifyCondaFailure(readOnly, context()).remediation).toMatch(/owns the qa root/)
  })

  it('names an unknown exception in its remediation', () => {
    const failure = classifyCondaFailure(
      condaFailure({exceptionName: 'CondaMemoryError', category: 'unknown', stageHint: undefined}),
      context(),
    )
    expect(failure.remediation).toMatch(/^conda failed with CondaMemoryError: read the log/)
  })
})

const pipFailure = (overrides: Partial<PipFailure> = {}): PipFailure => ({
  message: 'ERROR: No matching distribution found for hlink-client==9.9.9',
  packages: ['hlink-client==9.9.9'],
  exitCode: 1,
  timedOut: false,
  cancelled: false,
  raw: {stdoutTail: '', stderrTail: ''},
  ...overrides,
})

describe('classifyPipFailure', () => {
  it('makes a failed VCS install git_manual with the URL as the package', () => {
    const url = 'git+https://github.com/ipums/hlink-private@v0.2.0#egg=hlink-private'
    const failure = classifyPipFailure(
      pipFailure({message: "fatal: repository 'https://github.com/ipums/hlink-private/' not found", packages: []}),
      {env: 'hlink', overrideFile: 'env_specs/overrides/hlink.yml', stage: 'git', url},
    )
    expect(failure).toMatchObject({stage: 'git', category: 'git_manual', packages: [url]})
    expect(failure.remediation).toContain(`a URL that works in the pip section of env_specs/overrides/hlink.yml`)
    expect(failure.remediation).toContain('--retry-failed')
  })

  it('makes a failed requirement a pip_error naming it', () => {
    const failure = classifyPipFailure(pipFailure(), {
      env: 'hlink',
      overrideFile: 'env_specs/overrides/hlink.yml',
      stage: 'pip',
    })
    expect(failure).toEqual({
      stage: 'pip',
      category: 'pip_error',
      packages: ['hlink-client==9.9.9'],
      message: 'ERROR: No matching distribution found for hlink-client==9.9.9',
      remediation:
        'pip could not install hlink-client==9.9.9: pin a version that exists, or drop the entry, in the pip section of env_specs/overrides/hlink.yml',
    })
  })

  it('makes a stopped pip a timeout or an interrupt, in either stage', () => {
    const ctx = {env: 'hlink', overrideFile: 'o.yml', stage: 'git' as const, url: 'git+file:///x'}
    expect(classifyPipFailure(pipFailure({timedOut: true}), ctx).category).toBe('timeout')
    expect(classifyPipFailure(pipFailure({cancelled: true}), ctx).category).toBe('interrupted')
  })
})
