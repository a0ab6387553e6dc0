import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it, onTestFinished} from 'vitest'

import {importGraph, packageName, staticImports} from '../../../bench/support/import-graph.js'

describe('staticImports', () => {
  it('finds import, export-from and bare imports, and leaves dynamic imports out', () => {
    const source = [
      "import {Command} from '@oclif/core'",
      "import createDebug from 'debug'",
      "export {x} from './x.js'",
      "import './side-effect.js'",
      'import {',
      '  a,',
      "} from './multi.js'",
      "const later = await import('listr2')",
    ].join('\n')
    expect(staticImports(source)).toEqual(['@oclif/core', 'debug', './x.js', './side-effect.js', './multi.js'])
  })
})

describe('packageName', () => {
  it('keeps the scope of a scoped package and drops subpaths', () => {
    expect(packageName('@oclif/core/lib/x.js')).toBe('@oclif/core')
    expect(packageName('csv-parse/sync')).toBe('csv-parse')
  })
})

describe('importGraph', () => {
  it('follows relative imports once each and collects the npm packages, not node builtins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'condamig-graph-'))
    onTestFinished(() => rmSync(dir, {recursive: true, force: true}))
    mkdirSync(join(dir, 'src'))
    writeFileSync(join(dir, 'entry.js'), "import {a} from './src/a.js'\nimport {b} from './src/b.js'\n")
    writeFileSync(join(dir, 'src', 'a.js'), "import {b} from './b.js'\nimport {parse} from 'yaml'\n")
    writeFileSync(
      join(dir, 'src', 'b.js'),
      "import {a} from './a.js'\nimport {join} from 'node:path'\nimport 'execa'\n",
    )

    const graph = importGraph(join(dir, 'entry.js'))

    expect(graph.files).toEqual([join(dir, 'entry.js'), join(dir, 'src', 'a.js'), join(dir, 'src', 'b.js')])
    expect(graph.packages).toEqual(['execa', 'yaml'])
  })
})
