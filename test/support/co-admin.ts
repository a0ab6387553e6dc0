/**
 * A real second user in the base's group, for the attacks of issue 8 (a co-admin who plants links and FIFOs to make
 * root read, block on or overwrite what it should not). Only root can make one: `coAdminSkip` says why a test is
 * skipped otherwise. The user and its group are removed again by `remove()`.
 */
import {execFileSync} from 'node:child_process'
import {chmodSync, chownSync, lstatSync, readdirSync, readFileSync} from 'node:fs'
import {createHash, randomBytes} from 'node:crypto'
import {join} from 'node:path'

const has = (tool: string): boolean => {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], {stdio: 'ignore'})
    return true
  } catch {
    return false
  }
}

/** Why attacks with a second user cannot run here, or undefined when they can. */
export const coAdminSkip: string | undefined =
  process.getuid?.() !== 0
    ? 'needs root: only root can make a second user (useradd) and be the victim'
    : ['useradd', 'groupadd', 'userdel', 'groupdel', 'runuser', 'mkfifo'].find((tool) => !has(tool)) === undefined
      ? undefined
      : 'needs useradd, groupadd, userdel, groupdel, runuser and mkfifo'

export type CoAdmin = {
  user: string
  group: string
  uid: number
  gid: number
  /** Runs a command as the co-admin (runuser -u), e.g. `['ln', '-s', target, link]`. */
  run: (argv: string[]) => string
  /** Makes `base` a group-managed shared base: group `group`, directories 2775, files 664, as a setgid base is. */
  share: (base: string) => void
  remove: () => void
}

/** Creates a co-admin: a fresh user whose primary group is a fresh group, no home, no login shell. */
export const makeCoAdmin = (): CoAdmin => {
  const tag = randomBytes(3).toString('hex')
  const group = `cmgrp${tag}`
  const user = `cmadm${tag}`
  execFileSync('groupadd', [group])
  execFileSync('useradd', ['-M', '-N', '-g', group, '-s', '/usr/sbin/nologin', user])
  const id = (flag: string) => Number(execFileSync('id', [flag, user], {encoding: 'utf8'}).trim())
  const uid = id('-u')
  const gid = id('-g')
  const share = (base: string) => {
    const walk = (path: string) => {
      const stats = lstatSync(path)
      if (stats.isSymbolicLink()) return
      chownSync(path, stats.uid, gid)
      if (stats.isDirectory()) {
        chmodSync(path, 0o2775)
        for (const name of readdirSync(path)) walk(join(path, name))
      } else chmodSync(path, (stats.mode & 0o111) === 0 ? 0o664 : 0o775)
    }
    walk(base)
  }
  return {
    user,
    group,
    uid,
    gid,
    run: (argv) => execFileSync('runuser', ['-u', user, '--', ...argv], {encoding: 'utf8'}),
    share,
    remove: () => {
      execFileSync('userdel', [user], {stdio: 'ignore'})
      execFileSync('groupdel', [group], {stdio: 'ignore'})
    },
  }
}

/** sha256 of a file's bytes and mode, to prove a planted link's target was never written nor chmod'ed. */
export const fileHash = (file: string): string =>
  createHash('sha256')
    .update(`${(lstatSync(file).mode & 0o7777).toString(8)}\n`)
    .update(readFileSync(file))
    .digest('hex')
