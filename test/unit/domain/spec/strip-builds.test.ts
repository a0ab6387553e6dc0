import {describe, expect, it} from 'vitest'
import type {EnvSpec} from '../../../../src/domain/spec/env-spec.js'
import {parseCondaDep} from '../../../../src/domain/spec/parse-conda-dep.js'
import {stripBuild, stripBuilds, stripBuildString} from '../../../../src/domain/spec/strip-builds.js'

describe('stripBuildString', () => {
  it.each([
    ['numpy=1.21.2=py39h', 'numpy=1.21.2'],
    ['numpy==1.21.2=py39h', 'numpy==1.21.2'],
    ['python=2.7.13=0', 'python=2.7.13'],
    ['pkg[build=py39*]', 'pkg'],
    ["pkg[version='>=1',build=py39*]", 'pkg>=1'],
    ['conda-forge::numpy=1.2=py_0', 'conda-forge::numpy=1.2'],
    ['numpy=1.21.2', 'numpy=1.21.2'],
    ['numpy', 'numpy'],
  ])('%s → %s', (spec, stripped) => {
    expect(stripBuildString(spec)).toBe(stripped)
  })
})

describe('stripBuild', () => {
  it('returns the same object when there is no build', () => {
    const dep = parseCondaDep('numpy=1.2')
    expect(stripBuild(dep)).toBe(dep)
  })

  it('does not mutate its input', () => {
    const dep = parseCondaDep('numpy=1.2=py_0', 3)
    const stripped = stripBuild(dep)
    expect(dep.build).toBe('py_0')
    expect(stripped).toEqual({raw: 'numpy=1.2=py_0', name: 'numpy', version: '1.2', line: 3})
  })
})

describe('stripBuilds', () => {
  it('strips every conda dependency and leaves the rest of the spec alone', () => {
    const spec: EnvSpec = {
      name: 'x',
      channels: ['defaults'],
      conda: [parseCondaDep('a=1=b'), parseCondaDep('c')],
      pip: [{raw: 'd==1', kind: 'requirement', name: 'd', specifier: '==1'}],
      prefix: '/old/envs/x',
    }
    const stripped = stripBuilds(spec)
    expect(stripped.conda.map((dep) => dep.build)).toEqual([undefined, undefined])
    expect(stripped.pip).toBe(spec.pip)
    expect(stripped.prefix).toBe('/old/envs/x')
    expect(spec.conda[0]?.build).toBe('b')
  })
})
