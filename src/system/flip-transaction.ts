import {randomBytes} from 'node:crypto'
import {existsSync} from 'node:fs'
import {hostname, userInfo} from 'node:os'
import {join} from 'node:path'

import type {BaseLayout} from '../domain/base-layout.js'
import {
  detectHalfDone,
  type FlipAction,
  type FlipRecord,
  type FlipState,
  type FlipStep,
  type HalfDone,
  type JournalEntry,
  type LinkName,
  linkedRoot,
} from '../domain/flip.js'
import {RefusedError} from '../errors.js'
import {type Clock, isoSeconds, systemClock} from './clock.js'
import {findStrayFlipTemps, flipLink, readLink, removeLink} from './flip-link.js'
import {isCondaRoot} from './fs-facts.js'
import {appendJournal, readJournal} from './journal.js'

/** Who runs the transaction, for the journal. */
export type FlipActor = {user: string; host: string; clock: Clock}

/** A point inside a transaction: after step `index`, or between its temp link and its rename ('temp'). */
export type FlipPoint = {index: number; step: FlipStep; at: 'temp' | 'after'}
/** Observes every point; crash tests stop the process there. */
export type FlipHooks = {onPoint?: (point: FlipPoint) => void}

/** This process's actor: the admin behind sudo when there is one (the journal should name a person, not root). */
export const localActor = (clock: Clock = systemClock): FlipActor => ({
  user: process.env.SUDO_USER || userInfo().username,
  host: hostname(),
  clock,
})

/** A transaction id that sorts by time and is unique enough for one base: `20261126T100000Z-1a2b3c`. */
export const newTransactionId = (clock: Clock = systemClock): string =>
  `${isoSeconds(clock.now()).replaceAll(/[-:]/g, '')}-${randomBytes(3).toString('hex')}`

const linkPath = (layout: BaseLayout, link: LinkName): string =>
  ({current: layout.current, qa: layout.qa, envs: layout.envsLink})[link]

/** Reads what the planners need: the three links, the roots they or the journal name, stray temps, the journal. */
export const readFlipState = (layout: BaseLayout): FlipState => {
  const {entries, problems} = readJournal(layout.history)
  const [current, qa, envs] = [readLink(layout.current), readLink(layout.qa), readLink(layout.envsLink)]
  const names = new Set<string>()
  for (const reading of [current, qa]) names.add(linkedRoot(reading, layout.base) ?? '')
  for (const entry of entries)
    for (const name of [entry.from, entry.to, entry.qaFrom, entry.qaTo]) names.add(name ?? '')
  names.delete('')
  const facts = (dir: string) => ({exists: existsSync(dir), isCondaRoot: isCondaRoot(dir)})
  return {
    base: layout.base,
    current,
    qa,
    envs,
    roots: Object.fromEntries([...names].map((name) => [name, facts(join(layout.base, name))])),
    strayTemps: findStrayFlipTemps(layout.base),
    journal: entries,
    journalIssues: problems.map((p) => `${layout.history}:${p.line}: ${p.reason}; skipped`),
  }
}

const journalEntry = (record: FlipRecord, step: FlipStep & {kind: 'journal'}, actor: FlipActor): JournalEntry => ({
  id: record.id,
  action: record.action,
  phase: step.phase,
  time: actor.clock.now().toISOString(),
  user: actor.user,
  host: actor.host,
  from: record.from,
  to: record.to,
  qaFrom: record.qaFrom,
  qaTo: record.qaTo,
  ...(record.undoes !== undefined && {undoes: record.undoes}),
  ...(step.recovered && {recovered: true}),
})

const applyStep = (
  layout: BaseLayout,
  record: FlipRecord | undefined,
  step: FlipStep,
  actor: FlipActor,
  afterTemp: () => void,
) => {
  switch (step.kind) {
    case 'journal': {
      if (!record) throw new Error('a journal step needs the transaction record')
      appendJournal(layout.history, journalEntry(record, step, actor), {shared: layout.base})
      return
    }
    case 'flip': {
      flipLink(linkPath(layout, step.link), step.target, {afterTemp})
      return
    }
    case 'remove': {
      removeLink(linkPath(layout, step.link))
      return
    }
    case 'remove-temp': {
      removeLink(join(layout.base, step.name))
    }
  }
}

/**
 * Runs a plan's steps in order. The protocol (built by domain/flip.ts): journal 'begin' (fsync'd) → flip `current`
 * (rename) → fix `qa` → keep `envs -> current/envs` → journal 'done'. `current` is only ever replaced by rename(2),
 * so a crash at any point leaves it on the old or the new root; `recover` finishes or undoes the rest.
 */
export const applyFlipPlan = (
  layout: BaseLayout,
  plan: {record?: FlipRecord; steps: readonly FlipStep[]},
  actor: FlipActor,
  hooks: FlipHooks = {},
): void => {
  plan.steps.forEach((step, index) => {
    applyStep(layout, plan.record, step, actor, () => hooks.onPoint?.({index, step, at: 'temp'}))
    hooks.onPoint?.({index, step, at: 'after'})
  })
}

/**
 * Repairs what a crashed cutover/rollback left (run at the start of every mutating command, under the lock):
 * removes stray temp links, finishes a flip that happened or undoes one that did not, and journals the outcome.
 * Every step is idempotent, so a crash during recovery is repaired by the next recovery.
 * A `current` that points at neither root of the interrupted flip → RefusedError: a human must look.
 */
export const recover = (layout: BaseLayout, actor: FlipActor, hooks: FlipHooks = {}): HalfDone => {
  const halfDone = detectHalfDone(readFlipState(layout))
  if (halfDone.outcome === 'manual' && halfDone.record) {
    const {action, from} = halfDone.record
    throw new RefusedError('flip.needs-human', halfDone.issues.at(-1) ?? `interrupted ${action}`, {
      hint: `repoint current at ${from} atomically (ln -s ${from} .current.new && mv -T .current.new current, in BASE), then re-run: the interrupted ${action} will be recorded as aborted`,
    })
  }
  applyFlipPlan(layout, halfDone, actor, hooks)
  return halfDone
}

/**
 * The RefusedError (exit 3) for a refused plan: one line listing every unmet condition. When this run's recovery
 * repaired a crashed flip first (`recovered`, see describeRecovery), the line starts with what it did: the base did
 * change, only the refused flip did not happen.
 */
export const flipRefusal = (action: FlipAction, reasons: readonly string[], recovered?: string): RefusedError =>
  recovered === undefined
    ? new RefusedError(`${action}.refused`, `${action} refused: ${reasons.join('; ')}`, {
        hint: 'fix the conditions listed, then run it again; nothing was changed',
      })
    : new RefusedError(`${action}.refused`, `recovered: ${recovered}, then: ${action} refused: ${reasons.join('; ')}`, {
        hint: `fix the conditions listed, then run it again; only the recovery changed the base (journaled in .condamig/history.jsonl), the ${action} did not happen`,
      })
