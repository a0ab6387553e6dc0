// CPU time of this process and of its reaped children, to tell "waiting" from "busy" on a machine with few cores.
import {readFileSync} from 'node:fs'

/** Milliseconds of CPU (user + system) used so far by this process and by the children it has awaited. */
export type CpuTime = {selfMs: number; childrenMs: number}

// USER_HZ: the unit of /proc/PID/stat times; 100 on every mainstream Linux architecture (`getconf CLK_TCK`)
const TICK_MS = 10

/**
 * The fields `cutime` and `cstime` of /proc/self/stat (the 16th and 17th; counted after the `(comm)` field, which
 * may contain spaces): CPU of children that have been waited for, which execa always does. Undefined where there is
 * no /proc (then only this process is measured).
 */
export const childrenCpuMs = (stat?: string): number | undefined => {
  let text = stat
  try {
    text ??= readFileSync('/proc/self/stat', 'utf8')
  } catch {
    return undefined
  }

  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ') // fields[0] is the 3rd field, state
  const [cutime, cstime] = [Number(fields[13]), Number(fields[14])]
  return Number.isFinite(cutime) && Number.isFinite(cstime) ? (cutime + cstime) * TICK_MS : undefined
}

/** This process's and its children's CPU time so far. */
export const cpuTime = (): CpuTime => {
  const self = process.cpuUsage()
  return {selfMs: (self.user + self.system) / 1000, childrenMs: childrenCpuMs() ?? 0}
}
