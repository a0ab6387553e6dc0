import {describe, expect, it} from 'vitest'
import {parseNoarchList} from '../../../../src/domain/inventory/parse-noarch-list.js'
import {BadInputError} from '../../../../src/errors.js'

const FILE = '/pkg/conda/noarch-packages.txt'

describe('parseNoarchList', () => {
  it('reads one name per line, skipping comments and blank lines, keeping the first of duplicates', () => {
    const text =
      '\uFEFF# local noarch builds\r\nhlinkutils\r\n\r\n  hlink-schemas   # generic\r\nhlinkutils\r\nipums.tools\n'
    expect(parseNoarchList(text, FILE)).toEqual(['hlinkutils', 'hlink-schemas', 'ipums.tools'])
  })

  it('returns nothing for an empty file', () => {
    expect(parseNoarchList('', FILE)).toEqual([])
  })

  it.each([
    ['hlinkutils=0.3', 2],
    ['two names', 2],
    ['-e', 2],
  ])('rejects %j naming the line', (bad, line) => {
    const run = () => parseNoarchList(`ok\n${bad}\n`, FILE)
    expect(run).toThrowError(BadInputError)
    expect(run).toThrowError(`${FILE}:${line}: '${bad}' is not a package name`)
  })
})
