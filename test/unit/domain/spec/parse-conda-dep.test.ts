import {describe, expect, it} from 'vitest'
import {condaSpecProblem, parseCondaDep} from '../../../../src/domain/spec/parse-conda-dep.js'

describe('parseCondaDep', () => {
  it.each([
    ['numpy', {name: 'numpy'}],
    ['numpy=1.21.2', {name: 'numpy', version: '1.21.2'}],
    ['numpy=1.21.2=py39h6c91a56_0', {name: 'numpy', version: '1.21.2', build: 'py39h6c91a56_0'}],
    ['numpy==1.21.2', {name: 'numpy', version: '==1.21.2'}],
    ['numpy==1.21.2=py39h', {name: 'numpy', version: '==1.21.2', build: 'py39h'}],
    ['numpy=1.21.*', {name: 'numpy', version: '1.21.*'}],
    ['python=2.7.13=0', {name: 'python', version: '2.7.13', build: '0'}],
    ['tbb=4.3_20141023=0', {name: 'tbb', version: '4.3_20141023', build: '0'}],
    [
      'pytorch=2.2.2=py3.9_cuda12.1_cudnn8.9.2_0',
      {name: 'pytorch', version: '2.2.2', build: 'py3.9_cuda12.1_cudnn8.9.2_0'},
    ],
    ['tzdata=2023c', {name: 'tzdata', version: '2023c'}],
    ['numpy>=1.13', {name: 'numpy', version: '>=1.13'}],
    ['numpy<2.0', {name: 'numpy', version: '<2.0'}],
    ['pip>=25.2', {name: 'pip', version: '>=25.2'}],
    ['numpy >=1.2', {name: 'numpy', version: '>=1.2'}],
    ['python <= 3.10', {name: 'python', version: '<=3.10'}],
    ['python>=3.10, <3.12', {name: 'python', version: '>=3.10,<3.12'}],
    ['python = 3.9', {name: 'python', version: '3.9'}],
    ['numpy >=1.2 py39*', {name: 'numpy', version: '>=1.2', build: 'py39*'}],
    // conda's space form: a bare version is exact (its canonical form is `python==3.8`)
    ['python 3.8', {name: 'python', version: '==3.8'}],
    ['numpy 1.8.1 py27_0', {name: 'numpy', version: '==1.8.1', build: 'py27_0'}],
    ['numpy 1.8*', {name: 'numpy', version: '1.8*'}],
    ['numpy 1.8|1.9', {name: 'numpy', version: '1.8|1.9'}],
    ['conda-forge::numpy=1.2', {channel: 'conda-forge', name: 'numpy', version: '1.2'}],
    ['GSECARS::wxmplot', {channel: 'GSECARS', name: 'wxmplot'}],
    ['defaults/win-64::blas==1.0=mkl', {channel: 'defaults/win-64', name: 'blas', version: '==1.0', build: 'mkl'}],
    ['https://conda.anaconda.org/gurobi::gurobi', {channel: 'https://conda.anaconda.org/gurobi', name: 'gurobi'}],
    ["samtools[version='>=1.10']", {name: 'samtools', version: '>=1.10'}],
    ["hcc::lftp[version='>=4.9.1']", {channel: 'hcc', name: 'lftp', version: '>=4.9.1'}],
    ['numpy[build=py39*]', {name: 'numpy', build: 'py39*'}],
    ['numpy[version=">=1,<2", build=py39_0]', {name: 'numpy', version: '>=1,<2', build: 'py39_0'}],
    ['numpy[channel=conda-forge]', {channel: 'conda-forge', name: 'numpy'}],
    ['matplotlib.pyplot', {name: 'matplotlib.pyplot'}],
    ['_libgcc_mutex=0.1=main', {name: '_libgcc_mutex', version: '0.1', build: 'main'}],
    ['python.app=3=py312h80987f9_1', {name: 'python.app', version: '3', build: 'py312h80987f9_1'}],
    ['numpy=*', {name: 'numpy'}],
  ])('%s', (raw, expected) => {
    expect(parseCondaDep(raw)).toEqual({raw, ...expected})
    expect(condaSpecProblem(raw)).toBeUndefined()
  })

  it('keeps the line and trims the raw text', () => {
    expect(parseCondaDep('  numpy=1.2  ', 7)).toEqual({raw: 'numpy=1.2', name: 'numpy', version: '1.2', line: 7})
  })

  it('never throws, even on garbage', () => {
    expect(parseCondaDep('@@@')).toEqual({raw: '@@@', name: ''})
  })
})

describe('condaSpecProblem', () => {
  it.each([
    ['', 'empty dependency'],
    ['@numpy', 'does not start with a package name'],
    ['::numpy', 'empty channel before `::`'],
    ['numpy[version=1', 'unclosed `[`'],
    ['numpy@1.2', 'unexpected `@1.2` after the package name'],
    ['numpy=', 'no version after `=`'],
    ['numpy 1.2 py39 extra', 'too many space-separated parts'],
    // a mis-indented list item is read by YAML as part of the one before (transcripts inputs/bad-yaml.yml)
    ['python=3.11 - numpy', 'looks like two list items joined by a line with wrong indentation'],
  ])('%j: %s', (raw, problem) => {
    expect(condaSpecProblem(raw)).toBe(problem)
  })
})
