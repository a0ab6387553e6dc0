import {readdirSync, readFileSync} from 'node:fs'
import {setTimeout as sleep} from 'node:timers/promises'

/** A process group condamig started (every child runs in its own), as the lock records it. */
export type ProcessGroup = {
  pgid: number
  /** /proc starttime of the group's leader (pid = pgid): tells our group from a later one that reuses the number. */
  startTime: number
}

/** A live (non-zombie) process of a group. */
export type GroupMember = {pid: number; startTime: number}

const POLL_MS = 25

/** /proc/PID/stat after the command name: state, ppid, pgrp, … (the name may hold spaces and parentheses). */
const statFields = (pid: string): string[] | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  } catch {
    return undefined // gone in between
  }
}

/** The live members of every process group in `pgids`; undefined when there is no /proc to read them from. */
export const groupMembers = (pgids: readonly number[]): Map<number, GroupMember[]> | undefined => {
  let pids: string[]
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))
  } catch {
    return undefined
  }

  const wanted = new Set(pgids)
  const members = new Map<number, GroupMember[]>(pgids.map((pgid) => [pgid, []]))
  for (const pid of pids) {
    const fields = statFields(pid)
    const pgrp = Number(fields?.[2])
    if (!fields || !wanted.has(pgrp) || fields[0] === 'Z' || fields[0] === 'X') continue
    members.get(pgrp)?.push({pid: Number(pid), startTime: Number(fields[19])})
  }

  return members
}

/** The leader's /proc starttime of a group condamig just started; undefined when it is already gone. */
export const leaderStartTime = (pgid: number): number | undefined => {
  const fields = statFields(String(pgid))
  const startTime = Number(fields?.[19])
  return fields && Number(fields[2]) === pgid && Number.isFinite(startTime) ? startTime : undefined
}

/**
 * Whether the live `members` of a recorded group are still that group: its leader started when recorded, or — the
 * leader gone — every member started after it (a number reused by an unrelated group would have a younger leader).
 */
export const isSameGroup = (group: ProcessGroup, members: readonly GroupMember[]): boolean => {
  const leader = members.find((member) => member.pid === group.pgid)
  if (leader) return leader.startTime === group.startTime
  return members.every((member) => member.startTime >= group.startTime)
}

/** The command line of a process, for messages (`?` when unreadable). */
export const commandLine = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ') || '?'
  } catch {
    return '?'
  }
}

/** False when the group may not be signalled by us (EPERM: another user's); a group that is gone is fine. */
const signalGroup = (pgid: number, signal: NodeJS.Signals): boolean => {
  try {
    process.kill(-pgid, signal)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'EPERM'
  }
}

/** What stopGroups did: the groups it found running and stopped, and those still running (it could not). */
export type StopOutcome = {stopped: {pgid: number; command: string}[]; left: number[]}

/**
 * Stops what is left of process groups a dead condamig started: SIGTERM, SIGKILL once `graceMs` has passed, then
 * waits (yielding to the event loop) until no live process is left in them. They are not our children: init reaps
 * them; a zombie is dead enough. A group whose number now belongs to someone else (isSameGroup) is left alone.
 */
export const stopGroups = async (
  groups: readonly ProcessGroup[],
  options: {graceMs: number; killWaitMs?: number},
): Promise<StopOutcome> => {
  const look = () => {
    const members = groupMembers(groups.map((group) => group.pgid))
    if (!members) return []
    return groups.filter((group) => {
      const live = members.get(group.pgid) ?? []
      return live.length > 0 && isSameGroup(group, live)
    })
  }
  const found = look()
  const commands = new Map(found.map((group) => [group.pgid, commandLine(group.pgid)]))
  // a group we may not signal (another user's) cannot be stopped by waiting: say so at once
  const denied = found.filter((group) => !signalGroup(group.pgid, 'SIGTERM')).map((group) => group.pgid)
  const killAt = Date.now() + options.graceMs
  const giveUpAt = killAt + (options.killWaitMs ?? 2000)
  let killed = false
  let left = found.filter((group) => !denied.includes(group.pgid))
  while (left.length > 0 && Date.now() < giveUpAt) {
    await sleep(POLL_MS)
    left = look().filter((group) => !denied.includes(group.pgid))
    if (!killed && left.length > 0 && Date.now() >= killAt) {
      killed = true
      for (const group of left) signalGroup(group.pgid, 'SIGKILL')
    }
  }

  const notStopped = [...denied, ...left.map((group) => group.pgid)]
  return {
    stopped: found
      .filter((group) => !notStopped.includes(group.pgid))
      .map((group) => ({pgid: group.pgid, command: commands.get(group.pgid) ?? '?'})),
    left: notStopped,
  }
}
