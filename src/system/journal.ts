import {closeSync, constants, fstatSync, fsyncSync, mkdirSync, openSync, readSync, writeSync} from 'node:fs'
import {dirname} from 'node:path'

import type {JournalEntry} from '../domain/flip.js'
import {RefusedError} from '../errors.js'
import {confineTo, confines, fdPath} from './base-confinement.js'
import {refuseExisting} from './create-fresh.js'
import {readBaseFile} from './safe-read.js'
import {applySharedModeFd, mkdirShared, sharedModes} from './shared-permissions.js'

export type {JournalEntry} from '../domain/flip.js'

/** A journal line that was skipped: its 1-based number, its text and why. */
export type JournalProblem = {line: number; text: string; reason: string}

/** The readable entries, in file order, and the lines that were not (a torn last line after a crash mid-append). */
export type JournalRead = {entries: JournalEntry[]; problems: JournalProblem[]}

const ACTIONS = new Set(['cutover', 'rollback'])
const PHASES = new Set(['begin', 'done', 'aborted'])
const isRootName = (value: unknown) => value === null || value === undefined || typeof value === 'string'

/** Why a parsed line is not a JournalEntry, or undefined when it is one. */
const invalidReason = (value: unknown): string | undefined => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object'
  const entry = value as Record<string, unknown>
  for (const key of ['time', 'user', 'host', 'from', 'to'] as const)
    if (typeof entry[key] !== 'string') return `"${key}" is not a string`
  if (!ACTIONS.has(entry.action as string)) return `unknown action ${JSON.stringify(entry.action)}`
  if (entry.phase !== undefined && !PHASES.has(entry.phase as string))
    return `unknown phase ${JSON.stringify(entry.phase)}`
  if (!isRootName(entry.qaFrom) || !isRootName(entry.qaTo)) return '"qaFrom"/"qaTo" is not a string or null'
  return undefined
}

/** A journal of a busy base for decades stays far below this; anything larger is not one. */
const MAX_JOURNAL_BYTES = 256 * 1024 * 1024

/**
 * Reads BASE/.condamig/history.jsonl. Never throws on content: a line that is not a journal entry is skipped and
 * reported, whether it is the torn last line of an append a crash interrupted or a line someone edited by hand.
 * A line without an `id` (hand-written) gets `line-N`. A missing file is an empty journal. The file itself must be a
 * regular file, never a symlink (system/safe-read.ts: a FIFO planted there must not block every command).
 */
export const readJournal = (path: string): JournalRead => {
  const text = readBaseFile(path, {what: 'journal', maxBytes: MAX_JOURNAL_BYTES})
  if (text === undefined) return {entries: [], problems: []}
  const lines = text.split('\n')
  const torn = !text.endsWith('\n') && text !== ''
  const entries: JournalEntry[] = []
  const problems: JournalProblem[] = []
  lines.forEach((raw, index) => {
    if (raw.trim() === '') return
    const last = index === lines.length - 1
    let value: unknown
    try {
      value = JSON.parse(raw)
    } catch {
      const reason = last && torn ? 'torn last line (an append was interrupted)' : 'not JSON'
      problems.push({line: index + 1, text: raw, reason})
      return
    }
    const reason = invalidReason(value)
    if (reason) problems.push({line: index + 1, text: raw, reason})
    else entries.push({...(value as JournalEntry), id: (value as {id?: string}).id ?? `line-${index + 1}`})
  })
  return {entries, problems}
}

/** Whether the file's last byte is a newline (or the file is empty): a new line must not glue onto a torn one. */
const endsAtLineBoundary = (fd: number): boolean => {
  const {size} = fstatSync(fd)
  if (size === 0) return true
  const last = Buffer.alloc(1)
  readSync(fd, last, 0, 1, size - 1)
  return last[0] === 0x0a
}

const APPEND =
  constants.O_RDWR |
  constants.O_APPEND |
  constants.O_CREAT |
  constants.O_NOFOLLOW |
  constants.O_NONBLOCK |
  constants.O_NOCTTY

const refuseJournal = (path: string, why: string) =>
  new RefusedError(
    'journal.unsafe',
    `${path} ${why}: condamig appends to the journal only in a regular file of its own`,
    {
      hint: 'someone may have planted it; move it aside and restore the journal from a copy',
    },
  )

/**
 * Opens the journal for appending: O_NOFOLLOW|O_APPEND (a symlink there is refused, never appended through),
 * O_NONBLOCK (a FIFO never blocks), then checked on the descriptor: a regular file with one link, inside BASE.
 */
const openJournal = (path: string, mode: number, base: string | undefined): number => {
  refuseExisting(path, {what: 'journal', replace: true})
  let fd: number
  try {
    fd = openSync(path, APPEND, mode)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw refuseJournal(path, 'became a symlink')
    throw error
  }

  const stats = fstatSync(fd)
  const where = base === undefined ? undefined : fdPath(fd)
  const why = !stats.isFile()
    ? 'is not a regular file'
    : stats.nlink > 1
      ? `has ${stats.nlink} hard links (another name elsewhere)`
      : where !== undefined && base !== undefined && !confines(confineTo(base), where)
        ? `leads to ${where}, outside ${base}`
        : undefined
  if (why !== undefined) {
    closeSync(fd)
    throw refuseJournal(path, why)
  }

  return fd
}

/**
 * Appends one entry as one JSON line and fsyncs it before returning, so a 'begin' is on disk before any link moves.
 * A torn last line left by a crash is terminated first (never rewritten: CONTRACT §6). Callers hold the lock.
 * With `shared` (BASE), a new journal and its directory get the shared-base permissions, and the directory must be
 * condamig's own in BASE (system/shared-permissions.ts mkdirShared).
 */
export const appendJournal = (path: string, entry: JournalEntry, options: {shared?: string} = {}): void => {
  const modes = options.shared === undefined ? undefined : sharedModes(options.shared)
  if (options.shared === undefined) mkdirSync(dirname(path), {recursive: true})
  else mkdirShared(dirname(path), options.shared)
  const fd = openJournal(path, modes?.file ?? 0o644, options.shared)
  try {
    if (modes) applySharedModeFd(fd, modes)
    const line = `${endsAtLineBoundary(fd) ? '' : '\n'}${JSON.stringify(entry)}\n`
    writeSync(fd, line)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
