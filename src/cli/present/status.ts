import type {LinkReading} from '../../domain/flip.js'
import type {ReportStatus, StatusResult} from '../../workflows/status.js'
import {section, shortTime, table} from './format.js'

const describeLink = (name: string, reading: LinkReading): string => {
  if (reading.kind === 'missing') return `${name}: absent`
  if (reading.kind === 'not-a-link') {
    return `${name}: NOT A SYMLINK (condamig needs ${name} -> ${name === 'envs' ? 'current/envs' : '<root>'})`
  }

  const notes = [reading.relative ? '' : 'absolute target', reading.resolves ? '' : 'DANGLING'].filter(Boolean)
  return `${name} -> ${reading.target}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`
}

const describeReport = (kind: string, report: ReportStatus): string => {
  if (!report) return `last ${kind}: none`
  const {counts} = report
  const parts = (['ok', 'failed', 'skipped', 'interrupted'] as const)
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
  return `last ${kind}: ${shortTime(report.time)} — ${parts.join(', ') || 'no rows'} (${report.file})`
}

/** The lock file's JSON as a sentence; anything unreadable is shown as it is. */
const describeLock = (raw: string): string => {
  try {
    const held = JSON.parse(raw) as {user?: string; host?: string; pid?: number; command?: string; since?: string}
    if (held.user && held.host)
      return `${held.user}@${held.host} (pid ${held.pid}, '${held.command}', since ${held.since})`
  } catch {
    // not JSON: a lock written by hand
  }

  return raw
}

/** Human summary of `condamig status`. */
export const presentStatus = (result: StatusResult): string => {
  const rows = result.roots.map((root) => [
    root.name,
    root.conda ?? '?',
    root.python ?? '?',
    String(root.envs),
    root.links.join(', ') || '-',
  ])
  const journal = result.journal.map(
    (entry) =>
      `${shortTime(entry.time)} ${entry.action}${entry.phase ? ` (${entry.phase})` : ''} ${entry.from ?? '-'} -> ${entry.to ?? '-'} by ${entry.user}@${entry.host}`,
  )
  return [
    `base ${result.base}`,
    ...(['current', 'qa', 'envs'] as const).map((name) => `  ${describeLink(name, result.links[name])}`),
    '',
    rows.length > 0 ? table(['ROOT', 'CONDA', 'PYTHON', 'ENVS', 'LINKED AS'], rows) : 'no conda roots in this base',
    '',
    result.lastExport
      ? `last export: ${shortTime(result.lastExport.time)} (${result.lastExport.specs} spec(s))`
      : 'last export: none',
    describeReport('replicate', result.lastReplicate),
    describeReport('verify', result.lastVerify),
    ...(result.lock ? ['', `lock held by ${describeLock(result.lock)}`] : []),
    ...section('Journal (latest last)', journal),
    ...section('Warnings', result.warnings),
  ].join('\n')
}
