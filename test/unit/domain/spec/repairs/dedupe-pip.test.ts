import {describe, expect, it} from 'vitest'
import {dedupePip} from '../../../../../src/domain/spec/repairs/dedupe-pip.js'
import {context, fixture, spec} from './context.js'

const droppedPip = (file: string): string[] =>
  dedupePip(fixture(file), context()).changes.map((change) => change.subject)

describe('dedupePip', () => {
  it('drops the pip typing-extensions that the conda section of 003 and 004 already has', () => {
    expect(droppedPip('003.yml')).toEqual(['typing-extensions==4.12.2'])
    expect(droppedPip('004.yml')).toEqual(['typing-extensions==4.12.2'])
  })

  it('compares per PEP 503: conda ipython_genutils is pip ipython-genutils (023)', () => {
    const {spec: repaired, changes} = dedupePip(fixture('023.yml'), context())
    expect(changes).toEqual([
      {
        rule: 'pip-deduplicated',
        subject: 'ipython-genutils==0.2.0',
        reason: "the conda section already has it (ipython_genutils=0.2.0=py35_0); conda's package is kept",
      },
      {
        rule: 'pip-deduplicated',
        subject: 'prompt-toolkit==1.0.14',
        reason: "the conda section already has it (prompt_toolkit=1.0.14=py35_0); conda's package is kept",
      },
    ])
    expect(repaired.pip).toHaveLength(fixture('023.yml').pip.length - 2)
  })

  it('finds the duplicates SOURCES.tsv lists for 010, 031, 039 and 057', () => {
    expect(droppedPip('010.yml')).toEqual(['stack-data==0.6.3', 'typing-extensions==4.9.0'])
    expect(droppedPip('031.yml')).toEqual(['spacy==2.0.16'])
    expect(droppedPip('039.yml')).toHaveLength(7)
    expect(droppedPip('057.yml')).toEqual(['importlib-resources==5.12.0'])
  })

  it('moves a pip entry naming a local noarch package to its noarch step', () => {
    const input = spec(
      'dependencies:',
      '  - numpy',
      '  - pip:',
      '    - hlink_utils==0.4.1',
      '    - Typing.Extensions',
      '    - requests',
    )
    const {
      spec: repaired,
      changes,
      deferred,
    } = dedupePip(
      {...input, conda: [...input.conda, ...spec('dependencies: [typing-extensions=4.0]').conda]},
      context({noarchPackages: ['hlink-utils']}),
    )
    expect(repaired.pip.map((dep) => dep.raw)).toEqual(['requests'])
    expect(deferred).toEqual([{kind: 'noarch', package: 'hlink-utils==0.4.1'}])
    expect(changes.map((change) => [change.subject, change.result])).toEqual([
      ['hlink_utils==0.4.1', 'hlink-utils==0.4.1'],
      ['Typing.Extensions', undefined],
    ])
  })

  it('leaves VCS, URL and option entries alone even when a conda package has the name', () => {
    const input = spec('dependencies:', '  - numpy', '  - pip:', '    - numpy @ git+https://h/numpy.git', '    - --pre')
    expect(dedupePip(input, context()).changes).toEqual([])
  })
})
