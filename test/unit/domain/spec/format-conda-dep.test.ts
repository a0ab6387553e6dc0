import {describe, expect, it} from 'vitest'
import {formatCondaDep} from '../../../../src/domain/spec/format-conda-dep.js'
import {parseCondaDep} from '../../../../src/domain/spec/parse-conda-dep.js'

describe('formatCondaDep', () => {
  it.each([
    ['numpy', 'numpy'],
    ['numpy=1.21.2=py39h', 'numpy=1.21.2=py39h'],
    ['numpy==1.2', 'numpy==1.2'],
    ['numpy >= 1.2 , <2', 'numpy>=1.2,<2'],
    ['python 3.8', 'python==3.8'],
    ['conda-forge::silx=0.8.0', 'conda-forge::silx=0.8.0'],
    ["samtools[version='>=1.10']", 'samtools>=1.10'],
    ['numpy[build=py39*]', "numpy[build='py39*']"],
    ['numpy >=1.2 py39*', "numpy[version='>=1.2',build='py39*']"],
    ['numpy==1.2=py39_0', "numpy[version='==1.2',build='py39_0']"],
  ])('%s → %s', (raw, formatted) => {
    expect(formatCondaDep(parseCondaDep(raw))).toBe(formatted)
  })

  it('formats to a spec that parses back to the same parts', () => {
    for (const raw of ['numpy >=1.2 py39*', 'numpy==1.2=py39_0', 'a::b[build=x]', 'python<=3.10', 'x=1.*']) {
      const dep = parseCondaDep(raw)
      const {raw: _raw, ...again} = parseCondaDep(formatCondaDep(dep))
      const {raw: _first, ...parts} = dep
      expect(again).toEqual(parts)
    }
  })
})
