/** What condamig finds at a qa env's prefix before building it. */
export type PrefixFacts = {
  exists: boolean
  /** condamig's stamp in the env: the spec hash it was replicated from. */
  stamp?: {specHash: string; time: string}
  /** A building marker of an earlier run that never finished: the prefix is condamig's half-built leftover. */
  leftover: boolean
}

export type PrefixDecision =
  | {action: 'build'}
  | {action: 'skip'; reason: string}
  /** Remove condamig's own half-built leftover first, then build. */
  | {action: 'reclaim'; reason: string}
  | {action: 'refuse'; reason: string; remediation: string}

/**
 * Decides what to do with an env's qa prefix. condamig never deletes or rewrites an env it did not create in
 * this run (CONTRACT §6), except the half-built leftovers of its own crashed runs, which it marked as such.
 */
export const decidePrefix = (facts: PrefixFacts, specHash: string, prefix: string): PrefixDecision => {
  if (!facts.exists) return {action: 'build'}
  if (facts.leftover) return {action: 'reclaim', reason: `removing ${prefix}, left half-built by an interrupted run`}
  if (facts.stamp?.specHash === specHash) {
    return {action: 'skip', reason: `already replicated from this spec (${facts.stamp.time})`}
  }

  if (facts.stamp) {
    return {
      action: 'refuse',
      reason: `${prefix} was replicated on ${facts.stamp.time} from a different spec`,
      remediation: `remove ${prefix} by hand (condamig never deletes an env it did not build in this run), then run replicate again`,
    }
  }

  return {
    action: 'refuse',
    reason: `${prefix} already exists and was not built by condamig`,
    remediation: `move ${prefix} aside or remove it by hand if it is a leftover, then run replicate again`,
  }
}
