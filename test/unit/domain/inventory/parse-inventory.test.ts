import {describe, expect, it} from 'vitest'
import {BadInputError} from '../../../../src/errors.js'
import {iniValue, parseInventory} from '../../../../src/domain/inventory/parse-inventory.js'

const FILE = '/pkg/conda/condamig.ini'

/** The file from the ISRDI write-up (CONTRACT §2), which must work unchanged. */
const ISRDI = `[environments]
# v4.3 environments as of 2020-10-19
# keep
hlink = REPLICATE
nhis_reformat = REPLICATE
super_important_jupyter_kernel = REPLICATE
# do not migrate
old_not_used = export
`

/** Runs parseInventory expecting a BadInputError and returns it. */
const failure = (text: string): BadInputError => {
  try {
    parseInventory(text, FILE)
  } catch (error) {
    if (error instanceof BadInputError) return error
    throw error
  }

  throw new Error('parseInventory did not throw')
}

describe('parseInventory', () => {
  it('parses the ISRDI example unchanged, with line numbers', () => {
    expect(parseInventory(ISRDI, FILE)).toEqual({
      file: FILE,
      environments: [
        {name: 'hlink', action: 'REPLICATE', line: 4},
        {name: 'nhis_reformat', action: 'REPLICATE', line: 5},
        {name: 'super_important_jupyter_kernel', action: 'REPLICATE', line: 6},
        {name: 'old_not_used', action: 'export', line: 8},
      ],
      settings: [],
      tests: [],
      warnings: [],
    })
  })

  it('reads actions case-insensitively and normalises their spelling', () => {
    const inventory = parseInventory('[environments]\na = replicate\nb = Replicate\nc = EXPORT\nd = eXpOrT\n', FILE)
    expect(inventory.environments.map((entry) => entry.action)).toEqual(['REPLICATE', 'REPLICATE', 'export', 'export'])
  })

  it('accepts CRLF, a BOM, trailing spaces, key=value without spaces and ; comments', () => {
    const text = '\uFEFF[environments]  \r\n; a comment\r\n  hlink=REPLICATE   \r\n\r\nold =export\t\r\n'
    expect(parseInventory(text, FILE).environments).toEqual([
      {name: 'hlink', action: 'REPLICATE', line: 3},
      {name: 'old', action: 'export', line: 5},
    ])
  })

  it('strips inline comments in [environments] and [condamig] but keeps a [tests] command verbatim', () => {
    const text = [
      '[environments]',
      'hlink = REPLICATE   # keep this one',
      'old = export ; not used',
      '[condamig]',
      'channels = "conda-forge, defaults" # quoted',
      'parallel = 8 ; eight',
      '[tests]',
      'hlink = python -c "import hlink" ; echo done # all good',
    ].join('\n')
    const inventory = parseInventory(text, FILE)
    expect(inventory.environments.map((entry) => entry.action)).toEqual(['REPLICATE', 'export'])
    expect(inventory.settings).toEqual([
      {key: 'channels', value: 'conda-forge, defaults', line: 5},
      {key: 'parallel', value: '8', line: 6},
    ])
    expect(inventory.tests).toEqual([
      {name: 'hlink', command: 'python -c "import hlink" ; echo done # all good', line: 8},
    ])
    expect(inventory.warnings).toEqual([])
  })

  it('keeps a # without whitespace before it, and a # inside quotes', () => {
    expect(iniValue('https://example.org/channel#frag')).toBe('https://example.org/channel#frag')
    expect(iniValue("'a # b' # comment")).toBe('a # b')
    expect(iniValue('"unclosed # comment')).toBe('"unclosed')
  })

  it('warns about unknown sections and ignores their content, whatever it looks like', () => {
    const inventory = parseInventory('[environments]\na = export\n[Misc]\nno equals sign here\n', FILE)
    expect(inventory.environments).toHaveLength(1)
    expect(inventory.warnings).toEqual([`${FILE}:3: unknown section [misc] (ignored)`])
  })

  it('matches section names case-insensitively and tolerates spaces inside the brackets', () => {
    const inventory = parseInventory('[ Environments ] # the list\na = export\n', FILE)
    expect(inventory.environments).toEqual([{name: 'a', action: 'export', line: 2}])
  })

  it('warns about a [tests] command for an environment that is not replicated', () => {
    const inventory = parseInventory('[environments]\na = export\nb = REPLICATE\n[tests]\na = true\nb = true\n', FILE)
    expect(inventory.tests.map((test) => test.name)).toEqual(['a', 'b'])
    expect(inventory.warnings).toEqual([
      `${FILE}:5: [tests] 'a' is not REPLICATE in [environments] (verify will not run it)`,
    ])
  })

  it('returns an empty inventory for an empty file', () => {
    expect(parseInventory('', FILE)).toEqual({file: FILE, environments: [], settings: [], tests: [], warnings: []})
  })
})

describe('parseInventory errors', () => {
  it('names the file, the line and the bad action in one line', () => {
    const error = failure(ISRDI.replace('hlink = REPLICATE', 'hlink = REPLCATE'))
    expect(error.message).toBe(`${FILE}:4: 'REPLCATE' is not an action for 'hlink' (use REPLICATE or export)`)
    expect(error.code).toBe('inventory.bad-value')
    expect(error.exitCode).toBe(2)
  })

  it('rejects an action named like an Object property', () => {
    expect(failure('[environments]\nhlink = constructor\n').code).toBe('inventory.bad-value')
  })

  it('rejects an empty action', () => {
    expect(failure('[environments]\nhlink =\n').message).toBe(
      `${FILE}:2: '' is not an action for 'hlink' (use REPLICATE or export)`,
    )
  })

  it('rejects a key without =', () => {
    const error = failure('[environments]\nhlink REPLICATE\n')
    expect(error.code).toBe('inventory.no-equals')
    expect(error.message).toBe(`${FILE}:2: 'hlink REPLICATE' is not 'key = value' (no '=')`)
  })

  it('rejects a line with nothing before =', () => {
    expect(failure('[environments]\n= export\n').code).toBe('inventory.no-key')
  })

  it('rejects a duplicate environment naming both lines', () => {
    const error = failure('[environments]\nhlink = REPLICATE\n\nhlink = export\n')
    expect(error.code).toBe('inventory.duplicate-env')
    expect(error.message).toBe(`${FILE}:4: 'hlink' is listed twice in [environments] (lines 2 and 4)`)
  })

  it.each([
    ['../etc', 'contains a path separator'],
    ['..', 'is a relative path'],
    ['-rf', "starts with '-'"],
    ['a:b', "contains '#' or ':'"],
    ['café☕', 'may only contain letters, digits'],
  ])('rejects the environment name %j', (name, reason) => {
    const error = failure(`[environments]\n${name} = export\n`)
    expect(error.code).toBe('inventory.bad-name')
    expect(error.message).toContain(`${FILE}:2: '${name}' is not a valid environment name: ${reason}`)
  })

  it('rejects a bad name in [tests] too', () => {
    expect(failure('[environments]\n[tests]\na/b = true\n').code).toBe('inventory.bad-name')
  })

  it('rejects an empty [tests] command and a second command for one env', () => {
    expect(failure('[tests]\na =\n').code).toBe('inventory.empty-test')
    expect(failure('[tests]\na = true\na = false\n').message).toBe(
      `${FILE}:3: 'a' has two [tests] commands (lines 2 and 3)`,
    )
  })

  it('rejects a setting given twice, whatever its case', () => {
    expect(failure('[condamig]\nparallel = 2\nPARALLEL = 3\n').message).toBe(
      `${FILE}:3: 'PARALLEL' is set twice in [condamig] (lines 2 and 3)`,
    )
  })

  it('rejects content before any section', () => {
    const error = failure('# header\nhlink = REPLICATE\n[environments]\n')
    expect(error.code).toBe('inventory.no-section')
    expect(error.message).toBe(`${FILE}:2: 'hlink = REPLICATE' comes before any section`)
  })

  it.each(['[environments', '[]', '[env ironments]', '[environments] x'])('rejects the header %j', (header) => {
    const error = failure(`${header}\n`)
    expect(error.code).toBe('inventory.bad-section')
    expect(error.message).toBe(`${FILE}:1: '${header}' is not a section header`)
  })

  it('keeps a message with control characters on one line', () => {
    const error = failure('[environments]\nhlink = REPLI\u0007CATE\n')
    expect(error.message).toBe(`${FILE}:2: 'REPLI\\x07CATE' is not an action for 'hlink' (use REPLICATE or export)`)
    expect(error.message).not.toMatch(/[\r\n]/)
  })

  it('counts lines the same with CRLF and a BOM', () => {
    expect(failure('\uFEFF[environments]\r\n\r\nx = nope\r\n').message).toMatch(/^\/pkg\/conda\/condamig\.ini:3: /)
  })
})
