import {Flags} from '@oclif/core'

/** Shared flag builders (STYLE §2): one spelling, one summary, one env var everywhere. */

export const parallelFlag = () =>
  Flags.integer({
    summary: 'How many environments at once (default: ini parallel, else 4).',
    env: 'CONDAMIG_PARALLEL',
    min: 1,
    max: 64,
  })

export const envFilterFlag = () =>
  Flags.string({
    summary: 'Only this environment (repeatable).',
    multiple: true,
    default: [],
  })

export const yesFlag = () => Flags.boolean({summary: 'Do not ask for confirmation.', default: false})

export const dryRunFlag = () => Flags.boolean({summary: 'Show what would run; change nothing.', default: false})

/** --allow-root: run a command that runs env owners' code as root on a base another user owns (refuse-root.ts). */
export const allowRootFlag = () =>
  Flags.boolean({
    summary: 'Run even as root on a base owned by another user (its environments’ code then runs as root).',
    env: 'CONDAMIG_ALLOW_ROOT',
    default: false,
  })
