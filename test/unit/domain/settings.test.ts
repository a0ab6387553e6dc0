import {describe, expect, it} from 'vitest'
import {
  DEFAULT_SETTINGS,
  resolveSettings,
  settingEnvVar,
  settingFlag,
  type SettingsInput,
} from '../../../src/domain/settings.js'
import {BadInputError} from '../../../src/errors.js'

const FILE = '/pkg/conda/condamig.ini'
const BASE = '/pkg/conda'

const input = (overrides: Partial<SettingsInput> = {}): SettingsInput => ({
  base: BASE,
  flags: {},
  env: {},
  ini: [],
  file: FILE,
  ...overrides,
})

/** resolveSettings expecting a BadInputError; returns it. */
const failure = (overrides: Partial<SettingsInput>): BadInputError => {
  try {
    resolveSettings(input(overrides))
  } catch (error) {
    if (error instanceof BadInputError) return error
    throw error
  }

  throw new Error('resolveSettings did not throw')
}

describe('resolveSettings', () => {
  it('gives the defaults, with paths under BASE, when nothing is set', () => {
    expect(resolveSettings(input())).toEqual({
      settings: {
        channels: [],
        noarchPackages: [],
        noarchPackagesFile: undefined,
        kernelsDir: '/pkg/conda/kernels',
        specsDir: '/pkg/conda/env_specs',
        parallel: DEFAULT_SETTINGS.parallel,
        minPython: '3.6',
        minConda: '4.8',
        channelMap: {},
        timeoutS: 3600,
      },
      warnings: [],
    })
  })

  it('reads every [condamig] key, resolving relative paths against BASE', () => {
    const ini = [
      {key: 'channels', value: 'conda-forge, defaults ,conda-forge', line: 2},
      {key: 'noarch_packages', value: 'noarch.txt', line: 3},
      {key: 'kernels_dir', value: '/usr/local/share/jupyter/kernels/', line: 4},
      {key: 'specs_dir', value: 'specs/../env_specs2', line: 5},
      {key: 'Parallel', value: '8', line: 6},
      {key: 'min_python', value: '3.8', line: 7},
      {key: 'min_conda', value: '4.8.3', line: 8},
      {key: 'channel_map', value: 'free=conda-forge, https://old.example/c = https://new.example/c', line: 9},
      {key: 'timeout', value: '90.5', line: 10},
    ]
    expect(resolveSettings(input({ini})).settings).toEqual({
      channels: ['conda-forge', 'defaults'],
      noarchPackages: [],
      noarchPackagesFile: '/pkg/conda/noarch.txt',
      kernelsDir: '/usr/local/share/jupyter/kernels/',
      specsDir: '/pkg/conda/env_specs2',
      parallel: 8,
      minPython: '3.8',
      minConda: '4.8.3',
      channelMap: {free: 'conda-forge', 'https://old.example/c': 'https://new.example/c'},
      timeoutS: 90.5,
    })
  })

  it('applies flags over CONDAMIG_* over the ini over the defaults', () => {
    const ini = [
      {key: 'parallel', value: '2', line: 2},
      {key: 'timeout', value: '100', line: 3},
      {key: 'min_python', value: '3.7', line: 4},
    ]
    const env = {CONDAMIG_PARALLEL: '3', CONDAMIG_TIMEOUT: '200', CONDAMIG_CHANNELS: 'a,b'}
    const {settings} = resolveSettings(input({ini, env, flags: {parallel: 5}}))
    expect(settings.parallel).toBe(5)
    expect(settings.timeoutS).toBe(200)
    expect(settings.minPython).toBe('3.7')
    expect(settings.minConda).toBe('4.8')
    expect(settings.channels).toEqual(['a', 'b'])
  })

  it('treats an empty environment variable and an undefined flag as unset', () => {
    const ini = [{key: 'parallel', value: '2', line: 2}]
    const {settings} = resolveSettings(input({ini, env: {CONDAMIG_PARALLEL: ''}, flags: {parallel: undefined}}))
    expect(settings.parallel).toBe(2)
  })

  it('keeps channel names that are Object property names as plain entries', () => {
    const ini = [{key: 'channel_map', value: 'constructor=a, __proto__=b', line: 2}]
    const {channelMap} = resolveSettings(input({ini})).settings
    expect(Object.entries(channelMap)).toEqual([
      ['constructor', 'a'],
      ['__proto__', 'b'],
    ])
  })

  it('warns about unknown keys and ignores them', () => {
    const ini = [{key: 'paralel', value: '2', line: 7}]
    const result = resolveSettings(input({ini}))
    expect(result.warnings).toEqual([`${FILE}:7: unknown key 'paralel' in [condamig] (ignored)`])
    expect(result.settings.parallel).toBe(DEFAULT_SETTINGS.parallel)
  })

  it('does not mutate its inputs', () => {
    const flags = {channels: ['x']}
    const ini = [{key: 'parallel', value: '2', line: 2}]
    const {settings} = resolveSettings(input({flags, ini}))
    settings.channels.push('y')
    expect(flags.channels).toEqual(['x'])
    expect(ini).toEqual([{key: 'parallel', value: '2', line: 2}])
  })

  it('names env vars and flags after the ini keys', () => {
    expect(settingEnvVar('min_python')).toBe('CONDAMIG_MIN_PYTHON')
    expect(settingFlag('channel_map')).toBe('--channel-map')
  })
})

describe('resolveSettings validation', () => {
  it.each([
    ['parallel', '0', 'parallel must be a whole number from 1 to 64'],
    ['parallel', '65', 'parallel must be a whole number from 1 to 64'],
    ['parallel', 'four', 'parallel must be a whole number from 1 to 64'],
    ['parallel', '2.5', 'parallel must be a whole number from 1 to 64'],
    ['timeout', '0', 'timeout must be a number of seconds greater than 0'],
    ['timeout', '1h', 'timeout must be a number of seconds greater than 0'],
    ['min_python', 'three', 'a minimum version looks like 3.8 or 4.8.3'],
    ['min_conda', '4.8.x', 'a minimum version looks like 3.8 or 4.8.3'],
    ['channel_map', 'free', "'free' is not old=new (write channel_map = old=new, old2=new2)"],
    ['channel_map', 'a=b=c', "'a=b=c' is not old=new (write channel_map = old=new, old2=new2)"],
    ['channel_map', 'a=b, a=c', "channel 'a' is mapped twice"],
    ['channels', 'conda-forge defaults', "'conda-forge defaults' is not a channel (separate channels with commas)"],
    ['kernels_dir', '~/kernels', "'~' is not expanded here: write the full path, or one relative to BASE"],
    ['specs_dir', '', 'a path must not be empty'],
  ])('rejects ini %s = %j naming file:line: key = value', (key, value, problem) => {
    const error = failure({ini: [{key, value, line: 12}]})
    expect(error.code).toBe('settings.bad-value')
    expect(error.exitCode).toBe(2)
    expect(error.message).toBe(`${FILE}:12: ${key} = ${value}: ${problem}`)
  })

  it('names the environment variable of a bad value', () => {
    expect(failure({env: {CONDAMIG_PARALLEL: '100'}}).message).toBe(
      'CONDAMIG_PARALLEL=100: parallel must be a whole number from 1 to 64',
    )
  })

  it('names the flag of a bad value', () => {
    expect(failure({flags: {parallel: 0}}).message).toBe('--parallel 0: parallel must be a whole number from 1 to 64')
    expect(failure({flags: {channelMap: {a: 'b c'}}}).message).toBe("--channel-map a=b c: 'a=b c' is not old=new")
    expect(failure({flags: {timeoutS: -1}}).message).toBe(
      '--timeout -1: timeout must be a number of seconds greater than 0',
    )
  })

  it('rejects a bad ini value even when a flag overrides it', () => {
    expect(failure({ini: [{key: 'parallel', value: '0', line: 3}], flags: {parallel: 2}}).message).toMatch(/^\S+:3: /)
  })

  it('keeps a value with a line break on one line in the message', () => {
    expect(failure({env: {CONDAMIG_MIN_CONDA: '4.8\n4.9'}}).message).toBe(
      'CONDAMIG_MIN_CONDA=4.8\\x0a4.9: a minimum version looks like 3.8 or 4.8.3',
    )
  })
})
