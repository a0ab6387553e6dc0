import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {StatusResult} from '../../src/workflows/status.js'
import {hashTree, makeBase, SAMPLE, type SampleBase, tmpDir} from '../support/make-base.js'
import {runCli} from '../support/run-cli.js'

let sample: SampleBase
beforeAll(async () => {
  sample = await makeBase(tmpDir(), {...SAMPLE, envsLink: true}, {cleanup: 'manual'})
})
afterAll(() => sample?.cleanup())

describe('condamig status', () => {
  it('prints the roots, links and history as a summary and as one JSON document, changing nothing', async () => {
    const before = hashTree(sample.base)

    const [human, json] = await Promise.all([
      runCli(['status', '--base', sample.base], {env: sample.env}),
      runCli(['status', '--base', sample.base, '--json'], {env: sample.env}),
    ])

    expect(human.exitCode).toBe(0)
    expect(human.stdout).toBe(
      [
        `base ${sample.base}`,
        '  current -> v23',
        '  qa -> v26',
        '  envs -> current/envs',
        '',
        'ROOT  CONDA   PYTHON  ENVS  LINKED AS',
        'v23   23.7.4  3.11.4  3     current',
        'v26   26.7.1  3.13.7  0     qa',
        '',
        'last export: none',
        'last replicate: none',
        'last verify: none',
        '',
      ].join('\n'),
    )
    expect(json.exitCode).toBe(0)
    const result = JSON.parse(json.stdout) as StatusResult
    expect(result.roots.map((root) => [root.name, root.conda, root.envs, root.links])).toEqual([
      ['v23', '23.7.4', 3, ['current']],
      ['v26', '26.7.1', 0, ['qa']],
    ])
    expect(result.links.envs).toMatchObject({kind: 'link', target: 'current/envs', relative: true, resolves: true})
    expect(hashTree(sample.base)).toBe(before)
  })
})
