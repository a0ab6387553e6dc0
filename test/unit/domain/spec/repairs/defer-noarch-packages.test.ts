import {describe, expect, it} from 'vitest'
import {deferNoarchPackages} from '../../../../../src/domain/spec/repairs/defer-noarch-packages.js'
import {parseExport} from '../../../../../src/domain/spec/parse-export.js'
import {transcriptStdout} from '../exports.js'
import {context, spec} from './context.js'

describe('deferNoarchPackages', () => {
  it('takes the local noarch packages out of the create and defers one noarch step each', () => {
    const input = parseExport(transcriptStdout('conda-23.7.4', 'env-export-py38-no-builds.yml'), 'py38.yml')
    const {
      spec: repaired,
      changes,
      deferred,
    } = deferNoarchPackages(input, context({noarchPackages: ['hlinkutils', 'hlink-etl']}))
    expect(repaired.conda.map((dep) => dep.name)).not.toContain('hlinkutils')
    expect(repaired.conda).toHaveLength(input.conda.length - 1)
    expect(deferred).toEqual([{kind: 'noarch', package: 'hlinkutils=0.3.0'}])
    expect(changes).toEqual([
      {
        rule: 'noarch-deferred',
        subject: 'hlinkutils=0.3.0',
        result: 'hlinkutils=0.3.0',
        reason: 'a local legacy noarch package (noarch_packages): installed on its own after the create',
      },
    ])
  })

  it('matches the hand-written list per PEP 503 and keeps the channel prefix', () => {
    const input = spec('dependencies:', '  - local::Hlink_Utils=1.0', '  - numpy')
    const {deferred} = deferNoarchPackages(input, context({noarchPackages: ['hlink-utils']}))
    expect(deferred).toEqual([{kind: 'noarch', package: 'local::Hlink_Utils=1.0'}])
  })

  it('changes nothing without a noarch list', () => {
    const input = spec('dependencies:', '  - hlinkutils')
    expect(deferNoarchPackages(input, context())).toEqual({spec: input, changes: []})
  })
})
