import {describe, expect, it} from 'vitest'

import {stageSpecs, usesCacheGate} from '../../../../src/domain/replicate/stage-specs.js'
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
  it('solves (download-only) before an offline create, then noarch, pip and git stages in plan order', () => {
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
    expect(stages.map((s) => s.stage)).toEqual(['solve', 'create', 'noarch', 'pip', 'git'])
    expect(stages[0]).toEqual({
      stage: 'solve',
      kind: 'conda-create',
      options: {
        channels: ['conda-forge', 'defaults'],
        overrideChannels: true,
        solver: 'libmamba',
        prefix: P,
        specs: ['python=3.11', 'pip'],
        downloadOnly: true,
      },
    })
    expect(stages[1]).toMatchObject({stage: 'create', options: {offline: true, solver: 'libmamba'}})
    expect(stages[2]).toMatchObject({options: {specs: ['ipums-utils=1.0'], channels: ['conda-forge', 'defaults']}})
    expect(stages.map(usesCacheGate)).toEqual([true, false, true, false, false])
  })

  it('creates an empty env online (nothing to fill) and leaves the root’s channels alone when the spec has none', () => {
    const stages = stageSpecs(plan([{kind: 'create', specs: [], channels: []}]), P, 'classic')
    expect(stages).toEqual([
      {
        stage: 'create',
        kind: 'conda-create',
        options: {channels: [], overrideChannels: false, prefix: P, specs: [], offline: false},
      },
    ])
  })
})
