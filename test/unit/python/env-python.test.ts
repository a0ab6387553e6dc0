import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {EnvPython} from '../../../src/python/env-python.js'
import {ExecaRunner} from '../../../src/system/execa-runner.js'
import {FakeRunner} from '../../support/fake-runner.js'

/** Real interpreters on this machine: the probe scripts must work on python 2.7 and 3 alike. */
const PYTHONS = ['/usr/bin/python3', '/root/.pyenv/versions/2.7.18/bin/python2.7'].filter((path) => existsSync(path))

describe.skipIf(PYTHONS.length === 0)('EnvPython with a real interpreter', () => {
  // order_a leaves a mark that breaks order_b when both share one interpreter; crash_mod kills its interpreter
  let modules: string[]
  let pythonPath: string
  beforeAll(() => {
    pythonPath = mkdtempSync(join(tmpdir(), 'condamig-probe-'))
    writeFileSync(join(pythonPath, 'order_a.py'), 'import sys\nsys.modules["order_mark"] = sys\n')
    writeFileSync(
      join(pythonPath, 'order_b.py'),
      'import sys\nif "order_mark" in sys.modules:\n    raise AssertionError("order_a was imported first")\n',
    )
    writeFileSync(
      join(pythonPath, 'crash_mod.py'),
      'import os, sys\nsys.stderr.write("crash_mod gives up\\n")\nos._exit(7)\n',
    )
    modules = ['crash_mod', 'order_a', 'order_b', 'this']
  })
  afterAll(() => rmSync(pythonPath, {recursive: true, force: true}))

  it.each(PYTHONS)('%s: judges each import in a fresh interpreter, whatever came before it', async (python) => {
    const env = new EnvPython({python, runner: new ExecaRunner()})
    const probe = await env.probeImports(modules, {env: {PYTHONPATH: pythonPath}})
    expect(probe.ok).toBe(true)
    if (!probe.ok) return
    expect(probe.value.order_a).toEqual({ok: true})
    expect(probe.value.order_b).toEqual({ok: true})
    expect(probe.value.this).toEqual({ok: true})
    // a module that kills its interpreter fails alone, saying how
    expect(probe.value.crash_mod).toEqual({ok: false, error: 'python exited 7: crash_mod gives up'})
  })

  it.each(PYTHONS)('%s: probes imports, despite a module that prints on import', async (python) => {
    const env = new EnvPython({python, runner: new ExecaRunner()})
    const probe = await env.probeImports(['json', 'this', 'no_such_module_xyz'])
    expect(probe.ok).toBe(true)
    if (!probe.ok) return
    expect(probe.value.json).toEqual({ok: true, version: expect.stringMatching(/^\d+\.\d+/)})
    expect(probe.value.this).toEqual({ok: true})
    expect(probe.value.no_such_module_xyz).toEqual({ok: false, error: expect.stringContaining('no_such_module_xyz')})
  })

  it.each(PYTHONS)('%s: reports its version and prefix', async (python) => {
    const answer = await new EnvPython({python, runner: new ExecaRunner()}).pythonVersion()
    expect(answer).toMatchObject({ok: true, value: {version: expect.stringMatching(/^[23]\.\d+\.\d+$/)}})
  })
})

describe('EnvPython answers as values', () => {
  it('reports a python that cannot be started', async () => {
    const answer = await new EnvPython({
      python: '/nonexistent/envs/x/bin/python',
      runner: new ExecaRunner(),
    }).pythonVersion()
    expect(answer).toMatchObject({ok: false, message: expect.stringContaining('/nonexistent/envs/x/bin/python')})
  })

  it('reports a python that crashed during the probe', async () => {
    const runner = new FakeRunner().on(/^python -c/, {
      exitCode: null,
      signal: 'SIGSEGV',
      stderr: 'Fatal Python error: Segmentation fault\n',
    })
    const answer = await new EnvPython({python: '/r/envs/x/bin/python', runner}).probeImports(['numpy'])
    expect(answer).toEqual({
      ok: false,
      message: 'python was killed by SIGSEGV: Fatal Python error: Segmentation fault',
      result: expect.objectContaining({signal: 'SIGSEGV'}),
    })
  })

  it('does not start python for an empty probe', async () => {
    const runner = new FakeRunner()
    expect(await new EnvPython({python: '/r/bin/python', runner}).probeImports([])).toEqual({ok: true, value: {}})
    expect(runner.calls).toHaveLength(0)
  })

  it('runs arbitrary arguments and returns the raw result', async () => {
    const runner = new FakeRunner().on('python -m ipykernel --version', {stdout: '6.28.0\n'})
    const result = await new EnvPython({python: '/r/bin/python', runner}).run(['-m', 'ipykernel', '--version'], {
      timeoutMs: 1000,
    })
    expect(result.stdout).toBe('6.28.0\n')
    expect(runner.calls[0]?.timeoutMs).toBe(1000)
  })
})
