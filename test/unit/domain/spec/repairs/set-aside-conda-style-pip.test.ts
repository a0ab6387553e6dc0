import {describe, expect, it} from 'vitest'
import {setAsideCondaStylePip} from '../../../../../src/domain/spec/repairs/set-aside-conda-style-pip.js'
import {context, fixture, spec} from './context.js'

describe('setAsideCondaStylePip', () => {
  it('takes the conda-style specs of 048 out of pip and leaves a todo for each', () => {
    const input = fixture('048.yml')
    const {spec: repaired, changes, todos} = setAsideCondaStylePip(input, context())
    expect(changes).toHaveLength(15)
    expect(todos).toHaveLength(15)
    expect(todos?.[0]).toEqual({
      subject: 'ca-certificates=2021.1.19=hecd8cb5_1',
      reason:
        'conda syntax under `pip:`, which pip rejects: move it to the conda dependencies or write it as ' +
        'name==version, in env_specs/overrides/hlink.yml',
    })
    expect(repaired.pip).toHaveLength(input.pip.length - 15)
    expect(repaired.pip.some((dep) => dep.condaStyle)).toBe(false)
  })

  it('keeps them, with the todos, for an override used as written', () => {
    const input = spec('dependencies:', '  - pip:', '    - pylint 2.6.0', '    - six')
    const {spec: kept, changes, todos} = setAsideCondaStylePip(input, context(), true)
    expect(kept).toBe(input)
    expect(changes).toEqual([])
    expect(todos?.map((todo) => todo.subject)).toEqual(['pylint 2.6.0'])
  })
})
