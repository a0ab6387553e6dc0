import {spawnSync} from 'node:child_process'
import {chownSync, existsSync, lstatSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {makeQaBase, specYaml, writeIni, writeSpec} from '../support/qa-base.js'
import {runCli} from '../support/run-cli.js'

// Issue 8, point 7: replicate runs code environment owners control (pip builds from sdists, conda post-link
// scripts). As root (uid 0) on a base another user owns it refuses, exit 3, saying why in one line plus a hint,
// unless --allow-root (CONDAMIG_ALLOW_ROOT); a root-owned base is fine. verify and install (the envs' own code, an
// installer) are refused the same way. The test makes a real user and gives the base to it.

const OWNER = 'condamig-owner'
const isRoot = process.getuid?.() === 0

/** The system user OWNER (made once, kept for later runs), or why there is none. */
const ensureOwner = (): {uid: number; gid: number} | {skip: string} => {
  if (!isRoot) return {skip: 'needs root (uid 0) to create a user and to run condamig as root'}
  const id = (flag: string) => spawnSync('id', [flag, OWNER], {encoding: 'utf8'})
  if (id('-u').status !== 0) {
    const made = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', OWNER], {
      encoding: 'utf8',
    })
    if (made.status !== 0 && id('-u').status !== 0) return {skip: `useradd ${OWNER} failed: ${made.stderr.trim()}`}
  }

  return {uid: Number(id('-u').stdout.trim()), gid: Number(id('-g').stdout.trim())}
}

/** chown -R without following links (the roots' links stay as they are). */
const chownTree = (path: string, uid: number, gid: number): void => {
  const stat = lstatSync(path)
  if (stat.isSymbolicLink()) return
  chownSync(path, uid, gid)
  if (stat.isDirectory()) for (const entry of readdirSync(path)) chownTree(join(path, entry), uid, gid)
}

const owner = ensureOwner()
const skip = 'skip' in owner ? owner.skip : false

describe.skipIf(skip)(`as root, on a base owned by another user (${skip || 'a real user'})`, () => {
  const userBase = async () => {
    const qa = await makeQaBase()
    writeIni(qa.base, {hlink: 'REPLICATE'})
    writeSpec(qa.base, 'hlink', specYaml('hlink', ['python=3.11.7']))
    if ('uid' in owner) chownTree(qa.base, owner.uid, owner.gid)
    return qa
  }

  it('replicate refuses with exit 3, one line saying why and a hint, and builds nothing', async () => {
    const qa = await userBase()
    const result = await runCli(['replicate', '--base', qa.base])
    expect(result.exitCode).toBe(3)
    const lines = result.stderr.trim().split('\n')
    expect(lines).toEqual([
      `condamig: replicate refused as root: BASE is owned by ${OWNER}, and replicate runs code the environments’ owners control (pip builds from sdists, conda post-link scripts), which as root could take over this machine`,
      `  hint: run it as ${OWNER} (sudo -u ${OWNER} condamig replicate …), or pass --allow-root (CONDAMIG_ALLOW_ROOT=1) to run it as root anyway`,
    ])
    expect(existsSync(join(qa.base, 'qa', 'envs', 'hlink'))).toBe(false)
    expect(existsSync(join(qa.base, 'reports'))).toBe(false)
    expect(existsSync(join(qa.base, '.condamig', 'lock'))).toBe(false)

    const json = await runCli(['replicate', '--base', qa.base, '--json', '--dry-run'])
    expect(json.exitCode).toBe(3)
    expect(JSON.parse(json.stdout).error).toMatchObject({code: 'root.foreign-base', exitCode: 3})
  })

  it('replicate proceeds with --allow-root, and with CONDAMIG_ALLOW_ROOT=1', async () => {
    const qa = await userBase()
    const allowed = await runCli(['replicate', '--base', qa.base, '--allow-root', '--json'])
    expect(allowed.exitCode).toBe(0)
    expect(JSON.parse(allowed.stdout).outcomes).toMatchObject([{environment: 'hlink', status: 'ok'}])
    const fromEnv = await runCli(['replicate', '--base', qa.base, '--json'], {env: {CONDAMIG_ALLOW_ROOT: '1'}})
    expect(fromEnv.exitCode).toBe(0)
    expect(JSON.parse(fromEnv.stdout).outcomes).toMatchObject([{environment: 'hlink', status: 'skipped'}])
  })

  it('verify and install are refused the same way; export, plan and status are not', async () => {
    const qa = await userBase()
    const verify = await runCli(['verify', '--base', qa.base])
    expect(verify.exitCode).toBe(3)
    expect(verify.stderr).toMatch(/^condamig: verify refused as root: BASE is owned by condamig-owner, .*\[tests\]/)
    const install = await runCli(['install', '--adopt', '--name', 'v26', '--base', qa.base])
    expect(install.exitCode).toBe(3)
    expect(install.stderr).toMatch(/^condamig: install refused as root: BASE is owned by condamig-owner, /)
    for (const argv of [['plan'], ['status'], ['export', '--env', 'hlink']]) {
      const run = await runCli([...argv, '--base', qa.base])
      expect(run.stderr, argv.join(' ')).not.toMatch(/refused as root/)
    }
  })

  it('a root-owned base is fine', async () => {
    const qa = await userBase()
    chownTree(qa.base, 0, 0)
    const result = await runCli(['replicate', '--base', qa.base, '--json'])
    expect(result.exitCode).toBe(0)
  })
})
