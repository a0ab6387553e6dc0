import {describe, expect, it} from 'vitest'
import {mergeInventory, newInventoryText} from '../../../../src/domain/inventory/merge-inventory.js'
import {parseInventory} from '../../../../src/domain/inventory/parse-inventory.js'
import {BadInputError} from '../../../../src/errors.js'

const TODAY = '2026-11-26'
const ADDED = `# added by condamig inventory --write on ${TODAY}`

const ISRDI = `[environments]
# v4.3 environments as of 2020-10-19
# keep
hlink = REPLICATE
nhis_reformat = REPLICATE
super_important_jupyter_kernel = REPLICATE
# do not migrate
old_not_used = export
`

/**
 * Asserts that `result` is `original` with one contiguous block inserted, and returns that block: removing it gives
 * the original byte for byte, so no existing line was dropped, reordered or rewritten.
 */
const insertedBlock = (original: string, result: string): string => {
  let at = 0
  while (at < original.length && original[at] === result[at]) at++
  const length = result.length - original.length
  expect(length).toBeGreaterThan(0)
  expect(result.slice(0, at) + result.slice(at + length)).toBe(original)
  return result.slice(at, at + length)
}

describe('mergeInventory', () => {
  it('adds a new env under a dated comment at the end of the ISRDI example, keeping every byte', () => {
    const result = mergeInventory(ISRDI, ['new_env'], TODAY)
    expect(result).toBe(`${ISRDI}\n${ADDED}\nnew_env = export\n`)
    expect(insertedBlock(ISRDI, result)).toBe(`\n${ADDED}\nnew_env = export\n`)
    expect(parseInventory(result, 'x.ini').environments.at(-1)).toEqual({name: 'new_env', action: 'export', line: 11})
  })

  it('inserts before the next section, after the last non-blank line of [environments]', () => {
    const original = [
      '[environments]',
      'hlink = REPLICATE',
      '',
      '',
      '[condamig]',
      'channels = conda-forge',
      '',
      '[tests]',
      'hlink = python -c "import hlink"',
      '',
    ].join('\n')
    const result = mergeInventory(original, ['b', 'a'], TODAY)
    expect(result).toBe(
      [
        '[environments]',
        'hlink = REPLICATE',
        '',
        ADDED,
        'b = export',
        'a = export',
        '',
        '',
        '[condamig]',
        'channels = conda-forge',
        '',
        '[tests]',
        'hlink = python -c "import hlink"',
        '',
      ].join('\n'),
    )
    insertedBlock(original, result)
    const inventory = parseInventory(result, 'x.ini')
    expect(inventory.environments.map((entry) => entry.name)).toEqual(['hlink', 'b', 'a'])
    expect(inventory.settings).toHaveLength(1)
    expect(inventory.tests).toHaveLength(1)
  })

  it('leaves a comment glued to the next section header with that header', () => {
    const original = '[environments]\na = export\n# settings for condamig\n[condamig]\nparallel = 2\n'
    const result = mergeInventory(original, ['b'], TODAY)
    expect(result).toBe(
      `[environments]\na = export\n\n${ADDED}\nb = export\n\n# settings for condamig\n[condamig]\nparallel = 2\n`,
    )
    insertedBlock(original, result)
  })

  it('keeps CRLF line endings and the BOM', () => {
    const original = `\uFEFF${ISRDI.replaceAll('\n', '\r\n')}`
    const result = mergeInventory(original, ['new_env'], TODAY)
    expect(result).toBe(`${original}\r\n${ADDED}\r\nnew_env = export\r\n`)
    expect(result.replaceAll('\r\n', '')).not.toMatch(/\n/)
    insertedBlock(original, result)
  })

  it('keeps a missing final newline missing', () => {
    const original = ISRDI.trimEnd()
    const result = mergeInventory(original, ['new_env'], TODAY)
    expect(result).toBe(`${original}\n\n${ADDED}\nnew_env = export`)
    insertedBlock(original, result)
  })

  it('inserts right under an empty [environments] header', () => {
    expect(mergeInventory('# header\n\n[environments]\n', ['a'], TODAY)).toBe(
      `# header\n\n[environments]\n${ADDED}\na = export\n`,
    )
    expect(mergeInventory('[environments]', ['a'], TODAY)).toBe(`[environments]\n${ADDED}\na = export`)
  })

  it('appends an [environments] section when there is none', () => {
    const original = '[condamig]\nparallel = 2\n'
    const result = mergeInventory(original, ['a'], TODAY)
    expect(result).toBe(`[condamig]\nparallel = 2\n\n[environments]\n${ADDED}\na = export\n`)
    insertedBlock(original, result)
    expect(mergeInventory('', ['a'], TODAY)).toBe(`[environments]\n${ADDED}\na = export\n`)
    expect(mergeInventory('[condamig]', ['a'], TODAY)).toBe(`[condamig]\n\n[environments]\n${ADDED}\na = export`)
  })

  it('does not add names already listed, whatever the case of their action', () => {
    const original = '[environments]\nhlink = replicate\nold=EXPORT # gone\n'
    expect(mergeInventory(original, ['hlink', 'old'], TODAY)).toBe(original)
    expect(mergeInventory(original, [], TODAY)).toBe(original)
  })

  it('adds a name given twice once, and is idempotent', () => {
    const once = mergeInventory(ISRDI, ['x', 'x', 'hlink'], TODAY)
    expect(insertedBlock(ISRDI, once)).toBe(`\n${ADDED}\nx = export\n`)
    expect(mergeInventory(once, ['x', 'hlink'], '2027-01-01')).toBe(once)
  })

  it('refuses to write a name the inventory parser would reject', () => {
    expect(() => mergeInventory(ISRDI, ['../escape'], TODAY)).toThrowError(BadInputError)
  })
})

describe('newInventoryText', () => {
  it('puts the names under the header, in the header’s [environments] section', () => {
    const header = '# condamig inventory\n\n[environments]\n'
    const text = newInventoryText(header, ['hlink', 'old'], TODAY)
    expect(text).toBe(`${header}${ADDED}\nhlink = export\nold = export\n`)
    expect(parseInventory(text, 'x.ini').environments.map((entry) => entry.action)).toEqual(['export', 'export'])
  })

  it('returns the header alone when there is nothing to list', () => {
    expect(newInventoryText('[environments]\n', [], TODAY)).toBe('[environments]\n')
  })
})
