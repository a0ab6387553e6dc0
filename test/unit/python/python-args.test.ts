import {describe, expect, it} from 'vitest'

import {PROBE_MARKER, probeImportsArgs, pythonVersionArgs} from '../../../src/python/python-args.js'

const PY = '/pkg/conda/v4.8/envs/hlink/bin/python'

describe('env python argv builders', () => {
  it('passes module names as argv after the script, never inside it', () => {
    const command = probeImportsArgs(PY, ['numpy', 'hlink.linking', "x'); import os; os.system('rm -rf /')#"])
    expect(command.file).toBe(PY)
    expect(command.args[0]).toBe('-c')
    expect(command.args.slice(2)).toEqual(['numpy', 'hlink.linking', "x'); import os; os.system('rm -rf /')#"])
    expect(command.args[1]).not.toContain('numpy')
    expect(command.args[1]).toContain('sys.argv[1:]')
    expect(command.args[1]).toContain(PROBE_MARKER)
  })

  it('imports each module in a fresh interpreter of the same python, not all in one', () => {
    const script = probeImportsArgs(PY, ['pip', 'setuptools']).args[1]
    expect(script).toContain('subprocess.Popen([sys.executable, "-c", IMPORT_ONE, name]')
  })

  it('asks for the version with one -c script', () => {
    const command = pythonVersionArgs(PY)
    expect(command.args).toHaveLength(2)
    expect(command.args[1]).toContain('sys.version_info[:3]')
  })
})
