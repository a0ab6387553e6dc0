import {readdirSync, readFileSync} from 'node:fs'
import {join, relative} from 'node:path'
import ts from 'typescript'
import {describe, expect, it} from 'vitest'

import {table} from '../../../src/cli/present/format.js'

// Issue 8e: `push(...list)`, `Math.max(...list)` pass every element as an argument; V8 overflows its call stack at
// about 120,000 of them, and condamig's lists (dependencies, changes, envs, journal lines, kernels) are the users'
// data, unbounded. No call in src/ or commands/ spreads an array into its arguments: loop, or build an array
// literal (`[...a, ...b]` iterates and has no such limit).
const ROOT = join(import.meta.dirname, '..', '..', '..')

const sources = (dir: string): string[] =>
  readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sources(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })

const callSpreads = (file: string): string[] => {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
  const found: string[] = []
  const visit = (node: ts.Node): void => {
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments?.some(ts.isSpreadElement)) {
      const {line} = source.getLineAndCharacterOfPosition(node.getStart())
      found.push(`${relative(ROOT, file)}:${line + 1}: ${node.getText().split('\n')[0]}`)
    }

    ts.forEachChild(node, visit)
  }

  visit(source)
  return found
}

describe('guarantee: no list of user data is spread into a call (issue 8e)', () => {
  it('src/ and commands/ hold no `f(...array)`', () => {
    const files = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'commands'))]
    expect(files.length).toBeGreaterThan(50)
    expect(files.flatMap(callSpreads)).toEqual([])
  })

  it('a table of 200,000 rows is laid out', () => {
    const rows = Array.from({length: 200_000}, (_, i) => [`env${i}`, 'ok'])
    const text = table(['ENV', 'STATUS'], rows)
    expect(text.split('\n')[200_000]).toBe('env199999  ok')
  })
})
