import {describe, expect, it} from 'vitest'

import {BadInputError} from '../../../../src/errors.js'
import {identifyInstaller, installerPlatformProblem} from '../../../../src/domain/verify/installer-kind.js'
import {condarcChannels, rootVersionProblems} from '../../../../src/domain/verify/root-check.js'
import {assertValidRootName, rootNameProblem} from '../../../../src/domain/verify/root-name.js'

describe('rootNameProblem', () => {
  it.each(['v4.8', 'miniforge-26.7', 'conda_2026', 'base'])('accepts %s', (name) => {
    expect(rootNameProblem(name)).toBeUndefined()
  })

  it.each([
    ['current', "condamig's own names"],
    ['qa', "condamig's own names"],
    ['env_specs', "condamig's own names"],
    ['.condamig', "starts with '.'"],
    ['..', "starts with '.'"],
    ['a/b', 'path separator'],
    ['-x', "starts with '-'"],
    ['', 'is empty'],
    ['v 4', 'whitespace'],
  ])('refuses %j (%s)', (name, why) => {
    expect(rootNameProblem(name)).toContain(why)
  })

  it('throws a BadInputError naming the flag', () => {
    expect(() => assertValidRootName('qa')).toThrow(BadInputError)
    expect(() => assertValidRootName('qa')).toThrow(/--name 'qa' is not a valid root name/)
  })
})

describe('identifyInstaller', () => {
  it.each([
    ['Miniconda3-py311_23.7.4-0-Linux-x86_64.sh', 'Miniconda3', 'py311_23.7.4-0'],
    ['Miniforge3-26.7.1-0-Linux-x86_64.sh', 'Miniforge3', '26.7.1-0'],
    ['Mambaforge-23.3.1-1-Linux-aarch64.sh', 'Mambaforge', '23.3.1-1'],
    ['Anaconda3-2020.02-Linux-x86_64.sh', 'Anaconda3', '2020.02'],
    ['Miniconda3-latest-Linux-x86_64.sh', 'Miniconda3', 'latest'],
  ])('knows %s by its name', (name, product, version) => {
    expect(identifyInstaller(name, '#!/bin/sh\n')).toEqual({product, version, via: 'name'})
  })

  it('knows a renamed installer by its header', () => {
    const head = '#!/bin/sh\n#\n# NAME:  Miniforge3\n# VER:   24.3.0-0\n# PLAT:  linux-64\n'
    expect(identifyInstaller('installer.sh', head)).toEqual({product: 'Miniforge3', version: '24.3.0-0', via: 'header'})
  })

  it.each(['setup.sh', 'Miniconda3-latest-Linux-x86_64.tar.gz', 'conda.exe', 'Micromamba-1.0.sh'])(
    'refuses %s',
    (name) => {
      expect(identifyInstaller(name, '#!/bin/sh\necho hi\n')).toBeUndefined()
    },
  )

  it('says when an installer is for another platform', () => {
    expect(installerPlatformProblem('Miniconda3-latest-MacOSX-arm64.sh', '', 'linux-64')).toContain('MacOSX')
    expect(installerPlatformProblem('x.sh', '# PLAT:  osx-64\n', 'linux-64')).toContain('osx-64')
    expect(installerPlatformProblem('x.sh', '# PLAT:  linux-64\n', 'linux-64')).toBeUndefined()
    expect(installerPlatformProblem('Miniforge3-26.7.1-0-Linux-x86_64.sh', '', 'linux-64')).toBeUndefined()
  })
})

describe('rootVersionProblems', () => {
  it('names the version found and the minimum', () => {
    expect(rootVersionProblems({conda: '4.3.22', python: '3.6.1'}, {conda: '4.8', python: '3.8'})).toEqual([
      'conda 4.3.22 is older than min_conda 4.8',
      'python 3.6.1 is older than min_python 3.8',
    ])
  })

  it('accepts versions at or above the minimums', () => {
    expect(rootVersionProblems({conda: '4.10.3', python: '3.8.0'}, {conda: '4.8', python: '3.8'})).toEqual([])
  })

  it('refuses an unknown python version', () => {
    expect(rootVersionProblems({conda: '26.7.1', python: ''}, {conda: '4.8', python: '3.8'})).toEqual([
      'the root python version could not be read',
    ])
  })
})

describe('condarcChannels', () => {
  it('prefers the configured channels, then the shipped ones, then defaults', () => {
    expect(condarcChannels(['conda-forge', 'defaults'], ['x'])).toEqual({
      channels: ['conda-forge', 'defaults'],
      source: 'settings',
    })
    expect(condarcChannels([], ['conda-forge'])).toEqual({channels: ['conda-forge'], source: 'root'})
    expect(condarcChannels([], undefined)).toEqual({channels: ['defaults'], source: 'default'})
  })
})
