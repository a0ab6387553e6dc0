/** The contract's exit-code table (CONTRACT §3); the only place these numbers appear. */
export const ExitCode = {Ok: 0, BatchFailures: 1, BadInput: 2, Refused: 3, Interrupted: 130} as const

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode]

/** Rendered into every command's help. */
export const exitCodeHelp: Record<string, string> = {
  '0': 'done',
  '1': 'the batch finished but some environments failed (the report says which), or a tool could not run',
  '2': 'bad usage, bad inventory or bad input; nothing was changed',
  '3': 'refused by a precondition (preflight failed, lock held, target is not a conda root)',
  '130': 'interrupted (Ctrl-C / SIGTERM); children reaped, half-built prefixes removed',
}
