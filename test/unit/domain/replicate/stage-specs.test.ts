import {describe, expect, it} from 'vitest'

import {cacheGateUse, stageSpecs} from '../../../../src/domain/replicate/stage-specs.js'
import type {EnvPlan} from '../../../../src/domain/spec/env-plan.js'

const plan = (steps: EnvPlan['steps']): EnvPlan => ({
  name: 'hlink',
  source: 'export',
  sourceFile: 'env_specs/hlink.yml',
  specHash: 'h',
  spec: {channels: ['conda-forge'], conda: [], pip: []},
  changes: [],
  steps,
  humanTodos: [],
})
const P = '/b/v4.8/envs/hlink'

describe('stageSpecs', () => {
  it('solves (dry run), fetches (download-only) and creates offline, then noarch, pip and git stages in plan order', () => {
    const stages = stageSpecs(
      plan([
        {kind: 'create', specs: ['python=3.11', 'pip'], channels: ['conda-forge', 'defaults']},
        {kind: 'noarch', package: 'ipums-utils=1.0'},
        {kind: 'pip', requirements: [{raw: 'requests==2.0', kind: 'requirement', name: 'requests'}]},
        {kind: 'git', url: 'git+https://x/y.git@v1#egg=y'},
      ]),
      P,
      'libmamba',
    )
    expect(stages.map((s) => [s.stage, s.step])).toEqual([
      ['solve', 'solve'],
      ['solve', 'fetch'],
      ['create', 'create'],
      ['noarch', 'noarch'],
      ['pip', 'pip'],
      ['git', 'git'],
    ])
    const target = {
      channels: ['conda-forge', 'defaults'],
      overrideChannels: true,
      solver: 'libmamba',
      prefix: P,
      specs: ['python=3.11', 'pip'],
    }
    expect(stages[0]).toEqual({stage: 'solve', step: 'solve', kind: 'conda-solve', options: {...target, dryRun: true}})
    expect(stages[1]).toEqual({
      stage: 'solve',
      step: 'fetch',
      kind: 'conda-fill',
      options: {...target, downloadOnly: true},
    })
    expect(stages[2]).toMatchObject({kind: 'conda-create', options: {offline: true, solver: 'libmamba'}})
    expect(stages[3]).toMatchObject({options: {specs: ['ipums-utils=1.0'], channels: ['conda-forge', 'defaults']}})
    expect(stages.map(cacheGateUse)).toEqual(['shared', 'exclusive', 'shared', 'exclusive', 'none', 'none'])
  })

  it('creates an empty env online (nothing to fill) and leaves the root’s channels alone when the spec has none', () => {
    const stages = stageSpecs(plan([{kind: 'create', specs: [], channels: []}]), P)
    expect(stages).toEqual([
      {
        stage: 'create',
        step: 'create',
        kind: 'conda-create',
        options: {channels: [], overrideChannels: false, prefix: P, specs: [], offline: false},
      },
    ])
  })
})
