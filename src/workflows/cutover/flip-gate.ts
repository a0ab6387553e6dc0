import type {FlipAction} from '../../domain/flip.js'
import {BadInputError, InterruptedError, RefusedError} from '../../errors.js'
import {canPrompt, confirm} from '../../system/confirm.js'

/** How cutover and rollback get their go-ahead (STYLE §11: --json never implies --yes). */
export type FlipConsent = {
  yes: boolean
  dryRun: boolean
  /** A human can answer a prompt; default: stdin is a terminal. */
  interactive?: boolean
  /** Asks the question, resolves true for yes; default: on the terminal (system/confirm.ts). */
  confirm?: (question: string, signal: AbortSignal) => Promise<boolean>
}

/**
 * Before anything is locked: a real flip needs --yes or a terminal to ask on. A script that forgot --yes fails
 * fast with exit 2 instead of hanging on a prompt nobody sees or flipping production unasked.
 */
export const requireConsentPossible = (action: FlipAction, consent: FlipConsent): void => {
  if (consent.dryRun || consent.yes || (consent.interactive ?? canPrompt())) return
  throw new BadInputError(`${action}.needs-yes`, `${action} needs --yes when not run from a terminal`, {
    hint: `run condamig ${action} --dry-run to see what it would do, then condamig ${action} --yes`,
  })
}

/**
 * Shows what a yes will do and asks (unless --yes: the result then says what was done). A "no", end of input or
 * Ctrl-C at the prompt changes nothing: exit 3, or 130 when condamig itself was interrupted. `recovered`: what this
 * run's recovery already changed (LockNotes), said first instead of "nothing changed".
 */
export const obtainConsent = async (
  action: FlipAction,
  consent: FlipConsent,
  prompt: {summary: readonly string[]; question: string; recovered?: string},
  ctx: {signal: AbortSignal; log: (line: string) => void},
): Promise<void> => {
  if (consent.yes) return
  for (const line of prompt.summary) ctx.log(line)
  const ask = consent.confirm ?? ((text: string, abort: AbortSignal) => confirm(text, {signal: abort}))
  const yes = await ask(prompt.question, ctx.signal)
  const unchanged =
    prompt.recovered === undefined
      ? 'nothing changed'
      : `the ${action} did not happen (recovered first: ${prompt.recovered})`
  if (ctx.signal.aborted) throw new InterruptedError(`${action} interrupted at the prompt: ${unchanged}`)
  if (!yes) throw new RefusedError(`${action}.declined`, `${action} not confirmed: ${unchanged}`)
}
