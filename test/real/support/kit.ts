/**
 * The real-conda kit (../shared/realconda): real, unmodified conda roots built offline. The suite under test/real
 * runs the whole migration on it. Without the kit (a fresh clone elsewhere) it is skipped with one line saying why;
 * with CONDAMIG_REQUIRE_REALCONDA=1 (.ci/run) a missing kit fails instead.
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, realpathSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'
import {afterAll, describe, it} from 'vitest'

import {PKG_ROOT, runCli, type CliResult} from '../../support/run-cli.js'

export const KIT = resolve(process.env.CONDAMIG_REALCONDA ?? join(PKG_ROOT, '..', 'shared', 'realconda'))
const REQUIRED = process.env.CONDAMIG_REQUIRE_REALCONDA === '1'

/** Why the kit cannot run here, or undefined. */
const kitProblem = (needs: {oldTags?: boolean} = {}): string | undefined => {
  if (!existsSync(join(KIT, 'make-channel.py'))) return `no real-conda kit at ${KIT} (set CONDAMIG_REALCONDA)`
  const host = spawnSync('/usr/bin/python3', ['-c', 'import ruamel.yaml, pycosat, zstandard'], {encoding: 'utf8'})
  if (host.status !== 0) return `the kit's host packages are missing: run bash ${join(KIT, 'setup-host.sh')} as root`
  if (spawnSync('git', ['--version']).status !== 0) return 'git is not installed'
  if (needs.oldTags) {
    const setup = spawnSync('bash', [join(KIT, 'setup-host.sh')], {encoding: 'utf8'})
    if (/no python 3\.[67]/.test(setup.stdout)) return 'python 3.6 and 3.7 (the old tags) are not on this host'
  }
  return undefined
}

/** `describe` for a real-conda suite: skipped with its reason, or failing under CONDAMIG_REQUIRE_REALCONDA=1. */
export const describeReal = (name: string, fn: () => void, needs: {oldTags?: boolean} = {}): void => {
  const problem = kitProblem(needs)
  if (problem === undefined) {
    describe(name, fn)
    return
  }
  if (REQUIRED) {
    describe(name, () =>
      it('has the real-conda kit (CONDAMIG_REQUIRE_REALCONDA=1)', () => {
        throw new Error(`real-conda suite cannot run: ${problem}`)
      }),
    )
    return
  }
  console.warn(`real-conda suite skipped: ${problem}`)
  describe.skip(`${name} (skipped: ${problem})`, fn)
}

/** A work dir for one suite, removed afterwards unless CONDAMIG_KEEP_REAL=1. */
export const workDir = (label: string): string => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), `condamig-real-${label}-`)))
  afterAll(() => {
    if (process.env.CONDAMIG_KEEP_REAL !== '1') rmSync(dir, {recursive: true, force: true})
  })
  return dir
}

/** What every conda and pip call of the suite sees: HOME in the work dir, pip offline from the kit's wheels. */
export const kitEnv = (work: string, wheels = join(work, 'wheels')): Record<string, string> => ({
  HOME: join(work, 'home'),
  PIP_NO_INDEX: '1',
  PIP_FIND_LINKS: wheels,
  PIP_DISABLE_PIP_VERSION_CHECK: '1',
})

/** condamig as an admin runs it, on the suite's base. */
export const condamig = (work: string, base: string, argv: string[], extra: {onSpawn?: (pid: number) => void} = {}) =>
  runCli([...argv, '--base', base], {env: kitEnv(work), ...extra}) as Promise<CliResult>

/**
 * Runs a program of the suite's world (an env's python, a root's conda) with the kit's environment; without
 * bytecode, so that the suite's own look into the old root does not write there (its hash must not change).
 */
export const run = (file: string, args: string[], work: string): string =>
  execFileSync(file, args, {
    env: {...kitEnv(work), PATH: '/usr/bin:/bin', PYTHONDONTWRITEBYTECODE: '1'},
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })

/** Builds the old world (test/real/kit/make-old-base.sh): channels, installers, the old root and its envs. */
export const makeOldBase = (work: string, script = 'make-old-base.sh'): void => {
  execFileSync('bash', [join(PKG_ROOT, 'test', 'real', 'kit', script), KIT, work], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
}

/** Live processes whose command line mentions `path` (conda or pip children left behind). */
export {liveProcessesMentioning as processesUnder} from '../../support/processes.js'
