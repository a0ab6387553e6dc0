import {statSync} from 'node:fs'

import {RefusedError} from '../../errors.js'
import {readUserNames} from '../../system/fs-facts.js'

/** The commands that run code other users control, and what that code is (for the message). */
export const OWNER_CODE = {
  replicate: 'code the environments’ owners control (pip builds from sdists, conda post-link scripts)',
  verify: 'code the environments’ owners control (each env’s python and packages, the [tests] commands)',
  install: 'code from the installer and the base (its post-link scripts, then the new root’s own conda)',
} as const

export type OwnerCodeCommand = keyof typeof OWNER_CODE

export type RootCheck = {
  command: OwnerCodeCommand
  /** --allow-root / CONDAMIG_ALLOW_ROOT. */
  allowRoot: boolean
  /** The effective uid (default: this process's); tests pass their own. */
  uid?: number
  /** uid → name (default: /etc/passwd). */
  users?: ReadonlyMap<number, string>
}

const effectiveUid = (): number | undefined => process.geteuid?.() ?? process.getuid?.()

/**
 * Refuses (exit 3) to run a command that runs code environment owners control (OWNER_CODE) as root on a base owned
 * by another user, unless --allow-root: as root, that code could do anything on the machine. EasyBuild refuses
 * root the same way. A root-owned base is fine (its owner is root already), and so is any base for a non-root user.
 * export, cutover, rollback, inventory, plan and status run no such code (only the roots' own conda reading or
 * answering `--version`), so they do not ask.
 */
export const refuseRoot = (base: string, check: RootCheck): void => {
  const uid = check.uid ?? effectiveUid()
  if (uid !== 0 || check.allowRoot) return
  const owner = statSync(base).uid
  if (owner === 0) return
  const name = (check.users ?? readUserNames()).get(owner) ?? `uid ${owner}`
  const {command} = check
  throw new RefusedError(
    'root.foreign-base',
    `${command} refused as root: BASE is owned by ${name}, and ${command} runs ${OWNER_CODE[command]}, which as root could take over this machine`,
    {
      hint: `run it as ${name} (sudo -u ${name} condamig ${command} …), or pass --allow-root (CONDAMIG_ALLOW_ROOT=1) to run it as root anyway`,
    },
  )
}
