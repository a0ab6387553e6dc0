import {describe, expect, it} from 'vitest'
import {admitsAtLeast, minPython} from '../../../../../src/domain/spec/repairs/min-python.js'
import {stripPrefixAndBuilds} from '../../../../../src/domain/spec/repairs/strip-prefix-and-builds.js'
import {context, fixture, spec} from './context.js'

describe('admitsAtLeast', () => {
  it.each([
    ['3.5.3', '3.6', false],
    ['2.7.13', '3.6', false],
    ['3', '3.6', true],
    ['3.6', '3.6', true],
    ['3.10', '3.6', true],
    ['3.5.*', '3.6', false],
    ['3.6.*', '3.6', true],
    ['==3.5', '3.6', false],
    ['==3.6.0', '3.6', true],
    ['==3.9.7', '3.10', false],
    ['<3.6', '3.6', false],
    ['<3.7', '3.6', true],
    ['<=3.6', '3.6', true],
    ['<=3.10', '3.11', false],
    ['>=2.7', '3.6', true],
    ['>3', '3.6', true],
    ['!=3.5', '3.6', true],
    ['~=3.8', '3.6', true],
    ['~=2.7', '3.6', false],
    ['>=3.10,<3.12', '3.6', true],
    ['>=2.7,<3', '3.6', false],
    ['2.7|3.8', '3.6', true],
    ['2.7|3.5', '3.6', false],
    ['*', '3.6', true],
  ])('%s admits ≥%s: %s', (version, min, admits) => {
    expect(admitsAtLeast(version, min)).toBe(admits)
  })
})

describe('minPython', () => {
  it('refuses the python 3.5 of 023 with a remediation naming the override file', () => {
    const repaired = stripPrefixAndBuilds(fixture('023.yml'), context()).spec
    expect(minPython(repaired, context({minPython: '3.6'})).refusal).toEqual({
      category: 'unsatisfiable',
      message: 'python pin python=3.5.4 is older than min_python 3.6',
      remediation:
        'Pin python>=3.6 in env_specs/overrides/hlink.yml (a repaired copy of the spec), or lower min_python in condamig.ini.',
      packages: ['python=3.5.4'],
    })
  })

  it('refuses the python 2.7 of 022 and 039, and accepts the python 3.11 of 001', () => {
    expect(minPython(fixture('022.yml'), context()).refusal?.packages).toEqual(['python=2.7.13=0'])
    expect(minPython(fixture('039.yml'), context()).refusal?.packages[0]).toMatch(/^python=2\.7/)
    expect(minPython(fixture('001.yml'), context()).refusal).toBeUndefined()
  })

  it('accepts a spec without a python pin, and an unpinned python', () => {
    expect(minPython(spec('dependencies: [numpy]'), context()).refusal).toBeUndefined()
    expect(minPython(spec('dependencies: [python, numpy]'), context()).refusal).toBeUndefined()
  })

  it('follows min_python', () => {
    const input = spec('dependencies: [python=3.8]')
    expect(minPython(input, context({minPython: '3.8'})).refusal).toBeUndefined()
    expect(minPython(input, context({minPython: '3.9'})).refusal?.message).toBe(
      'python pin python=3.8 is older than min_python 3.9',
    )
  })
})
