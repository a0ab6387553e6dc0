import {describe, expect, it} from 'vitest'

import {parseImportProbe, parseVersionProbe} from '../../../src/python/parse-probe.js'
import {PROBE_MARKER} from '../../../src/python/python-args.js'

describe('parseImportProbe', () => {
  it('reads the marked line even after output the imports printed themselves', () => {
    const stdout = `The Zen of Python, by Tim Peters\n{"not": "ours"}\n\n${PROBE_MARKER}{"this": {"ok": true, "version": null}, "numpy": {"ok": false, "error": "ModuleNotFoundError: No module named 'numpy'"}, "pandas": {"ok": true, "version": "2.1.4"}}\n`
    expect(parseImportProbe(stdout, ['this', 'numpy', 'pandas'])).toEqual({
      this: {ok: true},
      numpy: {ok: false, error: "ModuleNotFoundError: No module named 'numpy'"},
      pandas: {ok: true, version: '2.1.4'},
    })
  })

  it('returns undefined when python died before printing, or did not answer for a module', () => {
    expect(parseImportProbe('Segmentation fault\n', ['numpy'])).toBeUndefined()
    expect(parseImportProbe(`${PROBE_MARKER}{"numpy": {"ok": true}}\n`, ['numpy', 'scipy'])).toBeUndefined()
    expect(parseImportProbe(`${PROBE_MARKER}{"numpy": {"ok": tr\n`, ['numpy'])).toBeUndefined()
  })
})

describe('parseVersionProbe', () => {
  it('reads version and prefix', () => {
    expect(parseVersionProbe(`\n${PROBE_MARKER}{"version": "3.11.7", "prefix": "/r/envs/a"}\n`)).toEqual({
      version: '3.11.7',
      prefix: '/r/envs/a',
    })
    expect(parseVersionProbe('Python 3.11.7')).toBeUndefined()
  })
})
