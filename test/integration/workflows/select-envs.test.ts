import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it, onTestFinished} from 'vitest'

import {parseInventory} from '../../../src/domain/inventory/parse-inventory.js'
import {selectReplicateEnvs} from '../../../src/workflows/replicate/select-envs.js'

const INI = [
  '[environments]',
  'lower = REPLICATE',
  'upper = REPLICATE',
  'padded = REPLICATE',
  'title = REPLICATE',
  'stopped = REPLICATE',
  'fine = REPLICATE',
  'skipped = REPLICATE',
  '',
].join('\n')

const latestReport = (csv: string): string => {
  const dir = mkdtempSync(join(tmpdir(), 'condamig-select-'))
  onTestFinished(() => rmSync(dir, {recursive: true, force: true}))
  const file = join(dir, 'replicate-latest.csv')
  writeFileSync(file, csv)
  return file
}

describe('--retry-failed reads the latest report as a spreadsheet left it (issue 8d)', () => {
  it('redoes failed and interrupted rows whatever their case and surrounding blanks', () => {
    // Given a latest report re-saved by a spreadsheet: statuses capitalised, padded, names padded
    const file = latestReport(
      [
        '\uFEFFenvironment,status,stage,category,packages,message,remediation,log,duration_s',
        'lower,failed,solve,missing_package,,,,,1',
        'upper,FAILED,solve,missing_package,,,,,1',
        ' padded , failed ,pip,pip_error,,,,,1',
        'title,Failed,create,unknown,,,,,1',
        'stopped,\tINTERRUPTED ,create,interrupted,,,,,1',
        'fine, OK ,,,,,,,1',
        'skipped,Skipped,,,,,,,1',
        '',
      ].join('\r\n'),
    )
    // When --retry-failed selects
    const selection = selectReplicateEnvs(parseInventory(INI, 'condamig.ini'), {
      envs: [],
      retryFailed: true,
      latestReport: file,
    })
    // Then every failed or interrupted env is redone, in inventory order, and nothing else
    expect(selection.names).toEqual(['lower', 'upper', 'padded', 'title', 'stopped'])
    expect(selection.warnings).toEqual([])
  })

  it('warns about a failed env no longer REPLICATE even when its row is padded', () => {
    const file = latestReport('environment,status\n  gone  ,  FAILED  \nlower,failed\n')
    const selection = selectReplicateEnvs(parseInventory(INI, 'condamig.ini'), {
      envs: [],
      retryFailed: true,
      latestReport: file,
    })
    expect(selection.names).toEqual(['lower'])
    expect(selection.warnings).toEqual(['gone failed last time but is no longer REPLICATE: skipped'])
  })
})
