import {existsSync, readdirSync} from 'node:fs'
import {join} from 'node:path'

import type {AppContext} from '../context.js'
import {detectHalfDone, linkedRoot, type JournalEntry, type LinkReading} from '../domain/flip.js'
import {statusPerEnvironment, summariseOutcomes} from '../domain/report.js'
import type {Status} from '../domain/outcome.js'
import {confineTo} from '../system/base-confinement.js'
import {readFlipState} from '../system/flip-transaction.js'
import {isCondaRoot} from '../system/fs-facts.js'
import {lockState} from '../system/lock.js'
import {readLink} from '../system/flip-link.js'
import {listRootEnvs} from '../system/root-envs.js'
import {readBaseFile} from '../system/safe-read.js'
import {loadConfig} from './shared/load-config.js'
import {readLatestReport} from './shared/read-latest-report.js'
import {readRootVersions} from './shared/read-root-versions.js'

export type RootStatus = {name: string; conda?: string; python?: string; envs: number; links: string[]}
export type ReportStatus = {file: string; time: string; counts: Record<Status, number> & {total: number}} | null

export type StatusResult = {
  base: string
  links: Record<'current' | 'qa' | 'envs', LinkReading>
  roots: RootStatus[]
  lastExport: {time: string; specs: number} | null
  lastReplicate: ReportStatus
  lastVerify: ReportStatus
  /** The lock as it is on disk while a live (or another host's, or an unreadable) holder has it; null when free or stale. */
  lock: string | null
  /** A lock whose holder is gone (the same verdict as acquireLock): the next mutating command takes it over. */
  staleLock?: string
  journal: JournalEntry[]
  warnings: string[]
}

const rootsOf = (base: string): string[] =>
  readdirSync(base, {withFileTypes: true})
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && isCondaRoot(join(base, entry.name)))
    .map((entry) => entry.name)
    .sort()

/** The latest report of a kind, one status per environment (a verify report has a row per check). */
const latestReport = (ctx: AppContext, kind: 'replicate' | 'verify', warnings: string[]): ReportStatus => {
  const read = readLatestReport(ctx.base, ctx.layout.reportsDir, kind)
  if (read === undefined) return null
  if ('problem' in read) {
    warnings.push(read.problem)
    return null
  }

  const counts = summariseOutcomes(statusPerEnvironment(read.rows))
  return {file: join(ctx.base, read.file), time: read.time.toISOString(), counts}
}

/** The newest `exportedAt` of the meta.json files, each read only as a regular file in BASE or the specs dir. */
const lastExport = (specsDir: string, base: string): StatusResult['lastExport'] => {
  if (!existsSync(specsDir)) return null
  const within = confineTo(base, [specsDir])
  const times = readdirSync(specsDir)
    .filter((file) => file.endsWith('.meta.json'))
    .flatMap((file) => {
      try {
        const text = readBaseFile(join(specsDir, file), {what: 'export metadata', within}) ?? '{}'
        return [String((JSON.parse(text) as {exportedAt?: string}).exportedAt ?? '')]
      } catch {
        return [] // a FIFO or a planted link is skipped (loadConfig's check already warned), a damaged file too
      }
    })
    .filter(Boolean)
    .sort()
  return times.length === 0 ? null : {time: times.at(-1) ?? '', specs: times.length}
}

/** Who holds the lock, judged as acquireLock judges it: a dead or reused pid's lock is stale, not held. */
const readLock = (ctx: AppContext, warnings: string[]): Pick<StatusResult, 'lock' | 'staleLock'> => {
  const found = lockState(ctx.layout.lock, ctx.host)
  switch (found.state) {
    case 'free':
      return {lock: null}
    case 'not-a-file':
      warnings.push(found.message)
      return {lock: null}
    case 'stale': {
      const h = found.holder
      warnings.push(
        `stale lock ${ctx.layout.lock}: ${h.user}@${h.host} (pid ${h.pid}, '${h.command}', since ${h.since}) is gone; the next mutating command takes it over`,
      )
      return {lock: null, staleLock: found.raw.trim()}
    }
    default:
      return {lock: found.raw.trim()}
  }
}

/**
 * Where everything stands: roots and versions, links, env counts, last results, the journal. Reads only: a version
 * conda-meta does not record is asked of the root's own bin/conda or bin/python (`--version`).
 */
export const status = async (ctx: AppContext): Promise<StatusResult> => {
  const warnings: string[] = []
  let specsDir = ctx.layout.specsDir
  try {
    const config = loadConfig(ctx, {requireInventory: false})
    specsDir = config.settings.specsDir
    for (const warning of config.warnings) warnings.push(warning)
  } catch (error) {
    warnings.push((error as Error).message) // status still reports what it can see
  }

  const links = {
    current: readLink(ctx.layout.current),
    qa: readLink(ctx.layout.qa),
    envs: readLink(ctx.layout.envsLink),
  }
  const roots = await Promise.all(
    rootsOf(ctx.base).map(async (name): Promise<RootStatus> => {
      const dir = join(ctx.base, name)
      const versions = await readRootVersions(dir, {runner: ctx.runner, signal: ctx.signal})
      // linkedRoot, not the raw target: `current -> /abs/base/v23` or `v23/` still name v23
      const pointing = (['current', 'qa'] as const).filter((l) => linkedRoot(links[l], ctx.base) === name)
      return {name, conda: versions.conda, python: versions.python, envs: listRootEnvs(dir).length, links: pointing}
    }),
  )
  const lock = readLock(ctx, warnings)
  const flipState = readFlipState(ctx.layout)
  const halfDone = detectHalfDone(flipState)
  // loops, not push(...list): a journal of 200,000 bad lines must not overflow the call stack (issue 8e)
  for (const issue of [...halfDone.issues, ...flipState.journalIssues]) warnings.push(issue)
  return {
    base: ctx.base,
    links,
    roots,
    lastExport: lastExport(specsDir, ctx.base),
    lastReplicate: latestReport(ctx, 'replicate', warnings),
    lastVerify: latestReport(ctx, 'verify', warnings),
    ...lock,
    journal: flipState.journal.slice(-5),
    warnings: [...new Set(warnings)],
  }
}
