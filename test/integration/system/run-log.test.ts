import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {openRunLog} from '../../../src/system/run-log.js'

let base: string
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'condamig-run-log-'))
})
afterEach(() => rmSync(base, {recursive: true, force: true}))

const file = () => join(base, 'logs', 'replicate', '20261126T120000Z', 'py311.log')

describe('openRunLog', () => {
  it("starts a note on a fresh line when the child's output ended without a newline", () => {
    // Given a log that received conda's --json document, which ends with `}` and no newline
    const log = openRunLog(file(), base)
    log.write('{\n  "success": true\n}')

    // When condamig notes something, then the child prints a whole line, then condamig notes again
    log.note('create finished')
    log.write('pip done\n')
    log.note('pip finished')
    log.close()

    // Then every note is a line of its own, and no blank line is added where the output already ended one
    expect(readFileSync(file(), 'utf8')).toBe(
      '{\n  "success": true\n}\n[condamig] create finished\npip done\n[condamig] pip finished\n',
    )
  })

  it('adds no blank line before a first note, nor after an empty chunk that followed a whole line', () => {
    const log = openRunLog(file(), base, {now: () => new Date('2026-11-26T12:00:00.000Z')})
    log.note('start')
    log.write('line\n')
    log.write('')
    log.note('end')
    log.close()

    expect(readFileSync(file(), 'utf8')).toBe(
      '[condamig] 2026-11-26T12:00:00.000Z start\nline\n[condamig] 2026-11-26T12:00:00.000Z end\n',
    )
  })
})
