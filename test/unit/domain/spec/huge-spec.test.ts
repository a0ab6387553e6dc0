import {describe, expect, it} from 'vitest'

import {planEnv, type PlanEnvInput} from '../../../../src/domain/spec/plan-env.js'
import {serializeSpec} from '../../../../src/domain/spec/serialize-spec.js'
import {presentPlan} from '../../../../src/cli/present/plan.js'

// Issue 8e: a spec of 200,000 dependencies must plan (no `Maximum call stack size exceeded` from a spread of a huge
// array into a call: `push(...changes)`, `Math.max(...widths)`). Every conda dep has a build string, so the repairs
// make one change per dependency, and every pip entry is a duplicate of a conda package, so dedupe makes another.
const SETTINGS: PlanEnvInput['settings'] = {
  channels: ['conda-forge'],
  channelMap: {},
  noarchPackages: [],
  minPython: '3.6',
}
const COUNT = 200_000

const hugeSpec = (): string => {
  const lines = ['name: huge', 'channels:']
  for (let i = 0; i < 2000; i++) lines.push(`  - chan${i}`, `  - chan${i}`)
  lines.push('dependencies:', '  - python=3.11.7=h986121c_0')
  for (let i = 0; i < COUNT; i++) lines.push(`  - pkg${i}=1.${i}=py_0`)
  lines.push('  - pip:')
  for (let i = 0; i < COUNT; i++) lines.push(`      - pkg${i}==1.${i}`)
  lines.push('prefix: /old/root/envs/huge', '')
  return lines.join('\n')
}

describe('a spec of 200,000 dependencies', () => {
  it('is planned, serialized and presented without overflowing the stack', () => {
    const text = hugeSpec()
    const plan = planEnv({name: 'huge', text, file: 'env_specs/huge.yml', source: 'export', settings: SETTINGS})
    expect(plan.refusal).toBeUndefined()
    expect(plan.spec.conda).toHaveLength(COUNT + 1)
    expect(plan.spec.pip).toHaveLength(0)
    expect(plan.changes.length).toBeGreaterThan(2 * COUNT)
    const yaml = serializeSpec(plan.spec)
    expect(yaml.split('\n').length).toBeGreaterThan(COUNT)
    const shown = presentPlan({
      base: '/base',
      defaults: null,
      environments: [{name: 'huge', ok: true, plan, specYaml: yaml}],
      warnings: [],
    })
    expect(shown).toContain('pkg199999=1.199999')
  }, 60_000)
})
