import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it, onTestFinished} from 'vitest'

import {presentPlan} from '../../../src/cli/present/plan.js'
import {plan} from '../../../src/workflows/plan.js'
import {workflowContext} from '../../support/make-base.js'

// Issue 8e: `condamig plan` on a spec of 200,000 dependencies crashed with `Maximum call stack size exceeded`
// (a spread of the repairs' changes into push). It must finish, every change listed.
const COUNT = 200_000

const hugeSpec = (): string => {
  const lines = ['name: huge', 'channels:', '  - defaults', 'dependencies:', '  - python=3.11.7=h986121c_0']
  for (let i = 0; i < COUNT; i++) lines.push(`  - pkg${i}=1.${i}=py_0`)
  lines.push('  - pip:')
  for (let i = 0; i < COUNT; i++) lines.push(`      - pkg${i}==1.${i}`)
  return `${lines.join('\n')}\nprefix: /old/root/envs/huge\n`
}

describe('condamig plan on a spec of 200,000 dependencies', () => {
  it('finishes, with one change per build string and per duplicate pip entry', async () => {
    const base = mkdtempSync(join(tmpdir(), 'condamig-huge-'))
    onTestFinished(() => rmSync(base, {recursive: true, force: true}))
    writeFileSync(join(base, 'condamig.ini'), '[environments]\nhuge = REPLICATE\n')
    mkdirSync(join(base, 'env_specs'))
    writeFileSync(join(base, 'env_specs', 'huge.yml'), hugeSpec())

    const result = await plan(workflowContext(base), {envs: []})

    const [env] = result.environments
    if (!env?.ok) throw new Error(`no plan: ${JSON.stringify(env)}`)
    expect(env.plan.spec.conda).toHaveLength(COUNT + 1)
    expect(env.plan.changes.filter((c) => c.rule === 'prefix-and-builds').length).toBeGreaterThan(COUNT)
    expect(env.plan.changes.filter((c) => c.rule === 'pip-deduplicated')).toHaveLength(COUNT)
    expect(presentPlan(result)).toContain('  - pkg199999=1.199999')
  }, 60_000)
})
