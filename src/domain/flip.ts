import {isAbsolute, normalize, relative} from 'node:path'

// One file on purpose (~250 lines): the cutover, rollback and recovery planners share the journal model and the
// link vocabulary, and reading them side by side is how one checks that every crash point has a way back.

/** What system/flip-link.ts `readLink` found at a path. */
export type LinkReading =
  | {kind: 'link'; target: string; relative: boolean; resolves: boolean; resolved?: string}
  | {kind: 'missing'}
  | {kind: 'not-a-link'}

/** The links condamig repoints in BASE. */
export type LinkName = 'current' | 'qa' | 'envs'
export type FlipAction = 'cutover' | 'rollback'
export type JournalPhase = 'begin' | 'done' | 'aborted'

/** What one cutover or rollback changes. Roots are named relative to BASE (`v4.8`); null means "link absent". */
export type FlipRecord = {
  /** Shared by the 'begin' line and the 'done'/'aborted' line of one transaction. */
  id: string
  action: FlipAction
  /** `current` before, and after. */
  from: string
  to: string
  /** `qa` before, and after. */
  qaFrom: string | null
  qaTo: string | null
  /** A rollback names the cutover it undoes. */
  undoes?: string
}

/**
 * One line of BASE/.condamig/history.jsonl. A transaction writes 'begin' (fsync'd) before touching any link and
 * 'done' (or 'aborted', when recovery undid it) after the last one; a 'begin' without either is a crashed run.
 * A line without `phase` (written by hand) counts as 'done'. `recovered` marks the line written by recovery.
 */
export type JournalEntry = Omit<FlipRecord, 'qaFrom' | 'qaTo'> & {
  qaFrom?: string | null
  qaTo?: string | null
  time: string
  user: string
  host: string
  phase?: JournalPhase
  recovered?: boolean
}

/** One idempotent step of a flip transaction. `remove-temp` names a stray temporary link in BASE. */
export type FlipStep =
  | {kind: 'journal'; phase: JournalPhase; recovered?: boolean}
  | {kind: 'flip'; link: LinkName; target: string}
  | {kind: 'remove'; link: 'qa'}
  | {kind: 'remove-temp'; name: string}

/** Whether a root named in a link or the journal is there. */
export type RootFacts = {exists: boolean; isCondaRoot: boolean}

/** Everything the planners look at, read by system/flip-transaction.ts `readFlipState`. */
export type FlipState = {
  base: string
  current: LinkReading
  qa: LinkReading
  envs: LinkReading
  /** Keyed by root name relative to BASE, for every root named by a link or the journal. */
  roots: Record<string, RootFacts>
  /** Names (in BASE) of temporary links an interrupted flip left behind. */
  strayTemps: string[]
  journal: JournalEntry[]
  /** Torn or unreadable journal lines (skipped, reported). */
  journalIssues: string[]
}

export type FlipPlan = {record: FlipRecord; steps: FlipStep[]; undoCommand: string; warnings: string[]}
/** A plan, or every unmet condition (the workflow turns them into one RefusedError, exit 3). */
export type FlipPlanning = {ok: true; plan: FlipPlan} | {ok: false; reasons: string[]}

/** What a crashed run left and how to repair it: finish the flip, undo it, or leave it to a human. */
export type HalfDone = {
  outcome: 'clean' | 'finish' | 'undo' | 'manual'
  issues: string[]
  record?: FlipRecord
  steps: FlipStep[]
}

type Transaction = {record: FlipRecord; terminal?: 'done' | 'aborted'}

const ENVS_TARGET = 'current/envs'

/** The root a link points at, relative to BASE (`v4.8`), or undefined when it is no link into BASE. */
export const linkedRoot = (reading: LinkReading, base: string): string | undefined => {
  if (reading.kind !== 'link') return undefined
  const rel = isAbsolute(reading.target) ? relative(base, reading.target) : normalize(reading.target)
  const name = rel.replace(/\/+$/, '')
  const outside = name === '' || name === '.' || name === '..' || name.startsWith('../') || isAbsolute(name)
  return outside ? undefined : name
}

const describe = (name: LinkName, reading: LinkReading): string =>
  reading.kind === 'link'
    ? `${name} -> ${reading.target}`
    : reading.kind === 'missing'
      ? `${name} is missing`
      : `${name} is not a symlink`

const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`)

/** Groups journal lines into transactions, in the order they began. */
export const foldJournal = (entries: readonly JournalEntry[]): Transaction[] => {
  const byId = new Map<string, Transaction>()
  for (const {time: _t, user: _u, host: _h, phase = 'done', recovered: _r, ...rest} of entries) {
    const known = byId.get(rest.id)
    const tx = known ?? {record: {...rest, qaFrom: rest.qaFrom ?? null, qaTo: rest.qaTo ?? null}}
    if (!known) byId.set(rest.id, tx)
    if (phase !== 'begin') tx.terminal = phase
  }
  return [...byId.values()]
}

/** The last transaction, when it began and never finished. */
const pendingOf = (journal: readonly JournalEntry[]): Transaction | undefined => {
  const last = foldJournal(journal).at(-1)
  return last && !last.terminal ? last : undefined
}

const pendingReasons = (state: FlipState): string[] => {
  const pending = pendingOf(state.journal)
  if (!pending) return []
  const {action, from, to, id} = pending.record
  return [`an interrupted ${action} (${from} -> ${to}, ${id}) has not been recovered yet`]
}

/** `envs -> current/envs`: create or repoint the link, never replace a real directory. */
const envsSteps = (envs: LinkReading, warnings: string[]): FlipStep[] => {
  if (envs.kind === 'not-a-link') {
    warnings.push('envs is a real directory or file, not a link to current/envs; left alone')
    return []
  }
  if (envs.kind === 'link' && normalize(envs.target).replace(/\/+$/, '') === ENVS_TARGET) return []
  return [{kind: 'flip', link: 'envs', target: ENVS_TARGET}]
}

/** Steps that make `qa` point at `want` (null: absent). */
const qaSteps = (qa: LinkReading, want: string | null, base: string, issues: string[]): FlipStep[] => {
  if (qa.kind === 'not-a-link') {
    issues.push('qa is not a symlink; left alone')
    return []
  }
  if (want === null) return qa.kind === 'link' ? [{kind: 'remove', link: 'qa'}] : []
  return linkedRoot(qa, base) === want ? [] : [{kind: 'flip', link: 'qa', target: want}]
}

const transactionSteps = (record: FlipRecord, middle: FlipStep[]): FlipStep[] => [
  {kind: 'journal', phase: 'begin'},
  {kind: 'flip', link: 'current', target: record.to},
  ...middle,
  {kind: 'journal', phase: 'done'},
]

const undoCommand = (action: FlipAction, base: string) =>
  `condamig ${action === 'cutover' ? 'rollback' : 'cutover'} --base ${quote(base)}`

/** Plans `current -> qa's root`, `qa` removed (CONTRACT §3 cutover), or lists every unmet condition. */
export const planCutover = (state: FlipState, id: string): FlipPlanning => {
  const reasons = pendingReasons(state)
  const warnings: string[] = []
  const {base, current, qa} = state
  const from = linkedRoot(current, base)
  const to = linkedRoot(qa, base)
  if (current.kind !== 'link') reasons.push(`${describe('current', current)}: there is no production link to repoint`)
  else if (from === undefined)
    reasons.push(`current -> ${current.target} points outside BASE: rollback could not restore it`)
  else if (!current.resolves)
    warnings.push(`current -> ${from} does not resolve; rollback stays refused until it is back`)
  if (qa.kind !== 'link') reasons.push(`${describe('qa', qa)}: no root is under QA (condamig install sets qa)`)
  else if (to === undefined) reasons.push(`qa -> ${qa.target} points outside BASE`)
  else if (!qa.resolves) reasons.push(`qa -> ${qa.target} does not resolve (${to} is missing in BASE)`)
  else if (!state.roots[to]?.isCondaRoot) reasons.push(`qa -> ${to} is not a conda root (no bin/conda or conda-meta/)`)
  if (from !== undefined && from === to) reasons.push(`qa and current both point to ${to}: nothing to cut over`)
  if (reasons.length > 0 || from === undefined || to === undefined) return {ok: false, reasons}
  const record: FlipRecord = {id, action: 'cutover', from, to, qaFrom: to, qaTo: null}
  const middle: FlipStep[] = [{kind: 'remove', link: 'qa'}, ...envsSteps(state.envs, warnings)]
  return {
    ok: true,
    plan: {record, steps: transactionSteps(record, middle), undoCommand: undoCommand('cutover', base), warnings},
  }
}

/** The latest finished cutover that no finished rollback has undone. */
const cutoverToUndo = (journal: readonly JournalEntry[]): FlipRecord | undefined => {
  const txs = foldJournal(journal)
  const undone = new Set(
    txs.filter((t) => t.record.action === 'rollback' && t.terminal === 'done').map((t) => t.record.undoes),
  )
  return txs.findLast((t) => t.record.action === 'cutover' && t.terminal === 'done' && !undone.has(t.record.id))?.record
}

/** Plans `current ->` the root it had before the last cutover and `qa` restored, or lists every unmet condition. */
export const planRollback = (state: FlipState, id: string): FlipPlanning => {
  const reasons = pendingReasons(state)
  const warnings: string[] = []
  const {base, current, qa} = state
  const cutover = cutoverToUndo(state.journal)
  if (!cutover)
    return {ok: false, reasons: [...reasons, 'no cutover to undo: the journal has none that is not rolled back']}
  const now = linkedRoot(current, base)
  const qaNow = linkedRoot(qa, base)
  const qaWant = cutover.qaFrom ?? cutover.to
  if (now !== cutover.to)
    reasons.push(
      `${describe('current', current)}, but the last cutover set it to ${cutover.to}: changed outside condamig`,
    )
  const old = state.roots[cutover.from]
  if (!old?.exists) reasons.push(`the old root ${cutover.from} is gone (missing in BASE)`)
  else if (!old.isCondaRoot) reasons.push(`the old root ${cutover.from} is no longer a conda root`)
  if (qa.kind === 'not-a-link') reasons.push('qa is not a symlink: restoring qa would have to replace it')
  else if (qa.kind === 'link' && qaNow !== qaWant)
    reasons.push(`qa -> ${qa.target} exists: another migration is in progress and restoring qa would replace it`)
  if (reasons.length > 0) return {ok: false, reasons}
  const record: FlipRecord = {
    id,
    action: 'rollback',
    from: cutover.to,
    to: cutover.from,
    qaFrom: qaNow ?? null,
    qaTo: qaWant,
    undoes: cutover.id,
  }
  const middle = [...qaSteps(qa, qaWant, base, warnings), ...envsSteps(state.envs, warnings)]
  return {
    ok: true,
    plan: {record, steps: transactionSteps(record, middle), undoCommand: undoCommand('rollback', base), warnings},
  }
}

/**
 * What a crashed cutover/rollback left, and the idempotent steps that repair it: stray temporary links are removed;
 * a 'begin' without its end is finished when `current` already points to the new root (the flip happened), undone
 * when it still points to the old one, and left to a human when it points anywhere else.
 */
export const detectHalfDone = (state: FlipState): HalfDone => {
  const issues = [...state.journalIssues]
  const steps: FlipStep[] = state.strayTemps.map((name) => ({kind: 'remove-temp', name}))
  for (const name of state.strayTemps) issues.push(`stray temporary link ${name} left by an interrupted flip`)
  const pending = pendingOf(state.journal)
  if (!pending) return {outcome: 'clean', issues, steps}
  const record = pending.record
  const {action, from, to, id} = record
  const what = `interrupted ${action} ${from} -> ${to} (${id})`
  const now = linkedRoot(state.current, state.base)
  if (now === to) {
    issues.push(`${what}: current already points to ${to}; finishing it`)
    for (const step of qaSteps(state.qa, record.qaTo, state.base, issues)) steps.push(step)
    for (const step of envsSteps(state.envs, issues)) steps.push(step)
    steps.push({kind: 'journal', phase: 'done', recovered: true})
    return {outcome: 'finish', issues, record, steps}
  }
  if (now === from) {
    issues.push(`${what}: current still points to ${from}; undoing it`)
    for (const step of qaSteps(state.qa, record.qaFrom, state.base, issues)) steps.push(step)
    steps.push({kind: 'journal', phase: 'aborted', recovered: true})
    return {outcome: 'undo', issues, record, steps}
  }
  issues.push(`${what}: ${describe('current', state.current)}, neither ${from} nor ${to}; repoint current by hand`)
  return {outcome: 'manual', issues, record, steps}
}

/** `, qa removed`, `, envs -> current/envs`: the links a repair changes besides `current`. */
const linkChanges = (steps: readonly FlipStep[]): string =>
  steps
    .map((step) =>
      step.kind === 'flip'
        ? `, ${step.link} -> ${step.target}`
        : step.kind === 'remove'
          ? `, ${step.link} removed`
          : '',
    )
    .join('')

/**
 * What recovery changed, as one clause for whatever the run says next (issue 8b: a refusal after a repair must not
 * claim "nothing was changed"): `finished the interrupted cutover v4.3 -> v4.8 (current -> v4.8, qa removed; ID)`.
 * Undefined when it changed nothing.
 */
export const describeRecovery = (halfDone: HalfDone): string | undefined => {
  const {record, outcome, steps} = halfDone
  const parts: string[] = []
  if (record && outcome === 'finish') {
    parts.push(
      `finished the interrupted ${record.action} ${record.from} -> ${record.to} (current -> ${record.to}${linkChanges(steps)}; ${record.id})`,
    )
  } else if (record && outcome === 'undo') {
    parts.push(
      `undid the interrupted ${record.action} ${record.from} -> ${record.to} (current stays ${record.from}${linkChanges(steps)}; ${record.id})`,
    )
  }

  const temps = steps.filter((step) => step.kind === 'remove-temp').length
  if (temps > 0) parts.push(`removed ${temps} stray temporary link${temps === 1 ? '' : 's'}`)
  return parts.length === 0 ? undefined : parts.join(' and ')
}
