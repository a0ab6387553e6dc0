import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {EnvPython} from '../../../src/python/env-python.js'
import {ExecaRunner} from '../../../src/system/execa-runner.js'

/**
 * A real venv of the host's python 3.11: its pip and setuptools import fine one by one, but `import pip` before
 * `import setuptools` in one process trips setuptools' distutils hack (AssertionError: …/distutils/core.py).
 * Verify must judge each module's import on its own, whatever the order.
 */
const WHEELS = '/work/shared/realconda/wheels'
/** The first python 3.11 that can make a venv (a missing one simply does not answer), or undefined. */
const HOST_PYTHON = ['/usr/bin/python3.11', 'python3.11'].find(
  (python) => spawnSync(python, ['-c', 'import venv, ensurepip'], {stdio: 'ignore'}).status === 0,
)

describe.skipIf(HOST_PYTHON === undefined)(
  `the import probe in a real python 3.11 venv${HOST_PYTHON ? '' : ' (skipped: no python3.11 with venv and ensurepip here)'}`,
  () => {
    let dir: string
    let python: string

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'condamig-venv-'))
      const venv = join(dir, 'venv')
      python = join(venv, 'bin', 'python')
      const created = spawnSync(HOST_PYTHON as string, ['-m', 'venv', venv], {encoding: 'utf8'})
      if (created.status !== 0) throw new Error(`python3 -m venv failed: ${created.stderr}`)
      if (spawnSync(python, ['-c', 'import setuptools'], {stdio: 'ignore'}).status !== 0) {
        const installed = spawnSync(
          python,
          ['-m', 'pip', 'install', '--no-index', '--find-links', WHEELS, 'setuptools'],
          {encoding: 'utf8'},
        )
        if (installed.status !== 0) throw new Error(`installing setuptools failed: ${installed.stderr}`)
      }

      writeFileSync(
        join(venv, 'lib', 'python3.11', 'site-packages', 'broken_mod.py'),
        'raise ImportError("libbroken.so.1: cannot open shared object file")\n',
      )
    }, 120_000)

    afterAll(() => {
      if (dir) rmSync(dir, {recursive: true, force: true})
    })

    it('has the phenomenon: pip then setuptools in one process fails, the other order works', () => {
      const pipFirst = spawnSync(python, ['-c', 'import pip, setuptools'], {encoding: 'utf8'})
      expect(pipFirst.status).not.toBe(0)
      expect(pipFirst.stderr).toMatch(/AssertionError: .*distutils[/\\]core\.py/)
      expect(spawnSync(python, ['-c', 'import setuptools, pip'], {stdio: 'ignore'}).status).toBe(0)
    })

    it('judges each import on its own: pip and setuptools import, broken_mod fails with its own message', async () => {
      const probe = await new EnvPython({python, runner: new ExecaRunner()}).probeImports([
        'broken_mod',
        'pip',
        'setuptools',
      ])
      expect(probe.ok).toBe(true)
      if (!probe.ok) return
      expect(probe.value.pip).toEqual({ok: true, version: expect.stringMatching(/^\d+\.\d+/)})
      expect(probe.value.setuptools).toEqual({ok: true, version: expect.stringMatching(/^\d+\.\d+/)})
      expect(probe.value.broken_mod).toEqual({
        ok: false,
        error: 'ImportError: libbroken.so.1: cannot open shared object file',
      })
    })

    it('gives the same answers in any order', async () => {
      const env = new EnvPython({python, runner: new ExecaRunner()})
      const forward = await env.probeImports(['pip', 'setuptools', 'broken_mod'])
      const backward = await env.probeImports(['setuptools', 'broken_mod', 'pip'])
      expect(forward.ok && backward.ok).toBe(true)
      if (!forward.ok || !backward.ok) return
      expect(forward.value).toEqual(backward.value)
    })
  },
)
