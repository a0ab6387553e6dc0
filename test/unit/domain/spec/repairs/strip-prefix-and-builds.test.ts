import {describe, expect, it} from 'vitest'
import {stripPrefixAndBuilds} from '../../../../../src/domain/spec/repairs/strip-prefix-and-builds.js'
import {context, fixture, spec} from './context.js'

describe('stripPrefixAndBuilds', () => {
  it('drops the prefix and every build string of a real export (001)', () => {
    const input = fixture('001.yml')
    const {spec: repaired, changes} = stripPrefixAndBuilds(input, context())
    expect(repaired.prefix).toBeUndefined()
    expect(repaired.conda.filter((dep) => dep.build !== undefined)).toEqual([])
    expect(repaired.conda).toHaveLength(input.conda.length)
    expect(changes.filter((change) => change.subject.startsWith('prefix: '))).toHaveLength(1)
    expect(changes.filter((change) => change.result?.includes('=') && change.subject !== change.result)).toHaveLength(
      28,
    )
    expect(input.prefix).toBeDefined()
    expect(input.conda.every((dep) => dep.build !== undefined)).toBe(true)
  })

  it('strips the old-era hashless builds of 017 and the ==version=build form of 007', () => {
    const old = stripPrefixAndBuilds(fixture('017.yml'), context()).spec.conda.find((dep) => dep.name === 'python')
    expect(old).toMatchObject({version: '3.4.4'})
    expect(old?.build).toBeUndefined()
    const changes = stripPrefixAndBuilds(fixture('007.yml'), context()).changes
    expect(changes).toContainEqual({
      rule: 'prefix-and-builds',
      subject: 'defaults/win-64::blas==1.0=mkl',
      result: 'defaults/win-64::blas==1.0',
      reason: 'build string mkl is specific to the old platform and channel',
    })
  })

  it('names the change for the prefix and renames the env to its inventory name', () => {
    const {spec: repaired, changes} = stripPrefixAndBuilds(
      spec('name: base', 'dependencies:', '  - numpy=1.2', 'prefix: /opt/anaconda3'),
      context({name: 'hlink'}),
    )
    expect(repaired.name).toBe('hlink')
    expect(changes).toEqual([
      {
        rule: 'prefix-and-builds',
        subject: 'name: base',
        result: 'name: hlink',
        reason: 'the env is recreated under its inventory name',
      },
      {
        rule: 'prefix-and-builds',
        subject: 'prefix: /opt/anaconda3',
        reason: 'it is the old root; replicate creates the env at -p BASE/qa/envs/NAME',
      },
    ])
  })

  it('changes nothing in a clean spec of the right name', () => {
    const input = spec('name: hlink', 'dependencies:', '  - numpy=1.2')
    expect(stripPrefixAndBuilds(input, context())).toEqual({spec: input, changes: []})
  })
})
