import {readdirSync, readFileSync} from 'node:fs'

/** Live (non-zombie) processes whose command line mentions `text`, as `pid: cmdline`. */
export const liveProcessesMentioning = (text: string): string[] =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .flatMap((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
        const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]
        return cmdline.includes(text) && state !== 'Z' ? [`${pid}: ${cmdline}`] : []
      } catch {
        return []
      }
    })
