import {readdirSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import Status from '../../../commands/status.js'
import type {Runner} from '../../../src/system/runner.js'
import {status} from '../../../src/workflows/status.js'
import {hashTree, makeBase, runCommand, SAMPLE, tmpDir, workflowContext} from '../../support/make-base.js'

/** The conda-meta record of `name` in `root` (the double names it NAME-VERSION-BUILD.json). */
const record = (root: string, name: string): string => {
  const file = readdirSync(join(root, 'conda-meta')).find((f) => new RegExp(`^${name}-\\d[^-]*-[^-]+\\.json$`).test(f))
  if (!file) throw new Error(`no ${name} record in ${root}`)
  return join(root, 'conda-meta', file)
}

describe('status: versions of a root without conda-meta records', () => {
  it("asks the root's own bin/python and bin/conda when conda-meta does not say, and writes nothing", async () => {
    // Given qa's root without a python record (a venv root) and with a conda record that does not say its version
    // (the double's bin/conda reads its version from the record's file name, so the file stays)
    const sample = await makeBase(tmpDir(), SAMPLE)
    const v26 = sample.root('v26')
    rmSync(record(v26, 'python'))
    writeFileSync(record(v26, 'conda'), '{"name": "conda"')
    const before = hashTree(sample.base)

    // When an administrator runs `condamig status`
    const run = await runCommand(Status, ['--base', sample.base])

    // Then the table shows the root's own answers, not `?`, and the base is untouched
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toMatch(/^v26 +26\.7\.1 +3\.13\.7 +0 +qa$/m)
    expect(run.stdout).toMatch(/^v23 +23\.7\.4 +3\.11\.4 +3 +current$/m)
    expect(run.stdout).not.toContain('?')
    expect(hashTree(sample.base)).toBe(before)
  })

  it('leaves a version unknown when the root cannot tell it either', async () => {
    // Given a root with neither a python record nor a bin/python
    const sample = await makeBase(tmpDir(), SAMPLE)
    const v26 = sample.root('v26')
    rmSync(record(v26, 'python'))
    rmSync(join(v26, 'bin', 'python'))

    const result = await status(workflowContext(sample.base))

    expect(result.roots.find((root) => root.name === 'v26')).toEqual({
      name: 'v26',
      conda: '26.7.1',
      python: undefined,
      envs: 0,
      links: ['qa'],
    })
  })

  it('starts no process when conda-meta has both records', async () => {
    const sample = await makeBase(tmpDir(), SAMPLE)
    const runner: Runner = {
      run: (request) => Promise.reject(new Error(`status ran ${request.file} although conda-meta has the versions`)),
    }

    const result = await status(workflowContext(sample.base, {runner}))

    expect(result.roots.map((root) => [root.name, root.conda, root.python])).toEqual([
      ['v23', '23.7.4', '3.11.4'],
      ['v26', '26.7.1', '3.13.7'],
    ])
  })
})
