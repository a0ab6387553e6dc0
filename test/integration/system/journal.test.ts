import {appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import type {JournalEntry} from '../../../src/domain/flip.js'
import {appendJournal, readJournal} from '../../../src/system/journal.js'

let dir: string
let history: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'condamig-journal-'))
  history = join(dir, 'history.jsonl')
})
afterEach(() => rmSync(dir, {recursive: true, force: true}))

const entry = (phase: JournalEntry['phase'], id = 'c1'): JournalEntry => ({
  id,
  action: 'cutover',
  phase,
  time: '2026-11-26T10:00:00.000Z',
  user: 'alice',
  host: 'node1',
  from: 'v4.3',
  to: 'v4.8',
  qaFrom: 'v4.8',
  qaTo: null,
})

describe('appendJournal', () => {
  it('creates the directory and writes one JSON line per entry', () => {
    const nested = join(dir, '.condamig', 'history.jsonl')
    appendJournal(nested, entry('begin'))
    appendJournal(nested, entry('done'))
    const lines = readFileSync(nested, 'utf8').split('\n')
    expect(lines).toHaveLength(3)
    expect(JSON.parse(lines[0] ?? '')).toEqual(entry('begin'))
    expect(lines[2]).toBe('')
  })

  it('never glues a new line onto a torn one and never rewrites it', () => {
    appendJournal(history, entry('begin'))
    appendFileSync(history, '{"id":"c2","action":"cut') // a crash in the middle of an append
    appendJournal(history, entry('done'))
    const text = readFileSync(history, 'utf8')
    expect(text).toContain('\n{"id":"c2","action":"cut\n')
    expect(readJournal(history).entries).toEqual([entry('begin'), entry('done')])
  })
})

describe('readJournal', () => {
  it('reads a missing journal as empty', () => {
    expect(readJournal(history)).toEqual({entries: [], problems: []})
  })

  it('ignores a torn last line and reports it', () => {
    appendJournal(history, entry('begin'))
    appendFileSync(history, '{"id":"c1","action":"cutover","pha')
    expect(readJournal(history)).toEqual({
      entries: [entry('begin')],
      problems: [
        {line: 2, text: '{"id":"c1","action":"cutover","pha', reason: 'torn last line (an append was interrupted)'},
      ],
    })
  })

  it('skips and reports lines that are not journal entries, anywhere', () => {
    writeFileSync(
      history,
      ['not json', JSON.stringify({...entry('done'), action: 'explode'}), JSON.stringify(entry('done')), ''].join('\n'),
    )
    const {entries, problems} = readJournal(history)
    expect(entries).toEqual([entry('done')])
    expect(problems.map(({line, reason}) => ({line, reason}))).toEqual([
      {line: 1, reason: 'not JSON'},
      {line: 2, reason: 'unknown action "explode"'},
    ])
  })

  it('gives a hand-written line without id a stable one', () => {
    const {id: _id, phase: _phase, ...handWritten} = entry('done')
    writeFileSync(history, `\n${JSON.stringify(handWritten)}\n`)
    expect(readJournal(history).entries).toEqual([{...handWritten, id: 'line-2'}])
  })
})
