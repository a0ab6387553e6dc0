import type {FreezeEntry} from '../types.js'

/**
 * Reads `pip freeze`. Unlike `conda env export`, freeze keeps VCS origins
 * (`hlink-private @ git+file:///…@<commit>`, transcripts pip-freeze.txt), which replicate needs.
 */
export const parseFreeze = (stdout: string): FreezeEntry[] =>
  stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((raw): FreezeEntry => {
      const editable = /^(-e|--editable)\s+(.+)$/.exec(raw)
      if (editable) return {raw, url: editable[2], editable: true, name: /#egg=([\w.-]+)/.exec(raw)?.[1]}
      const direct = /^([A-Za-z0-9][\w.-]*)\s*@\s*(\S+)$/.exec(raw)
      if (direct) return {raw, name: direct[1], url: direct[2], editable: false}
      const pinned = /^([A-Za-z0-9][\w.-]*)(?:\[[^\]]*\])?===?(\S+)$/.exec(raw)
      if (pinned) return {raw, name: pinned[1], version: pinned[2], editable: false}
      return {raw, editable: false}
    })
