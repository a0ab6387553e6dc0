/**
 * A shared installation ready for `plan` / `replicate`: an old root (current) and a new one (qa) made by the
 * fake installers, specs written straight into env_specs/ (so each test controls exactly what replicate sees),
 * and a world the test may extend with failures and delays.
 */
import {mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {onTestFinished} from 'vitest'

import type {AppContext} from '../../src/context.js'
import {DOUBLE_DIR, installRoot, writeWorld, type World} from './double.js'
import {workflowContext} from './make-base.js'

export type QaBase = {base: string; world: string; worldDir: string; oldRoot: string; newRoot: string}

/** The synthetic world of the transcripts, with a test's additions (failures, delays, more pip dists). */
export const syntheticWorld = (extra: Partial<{failures: unknown[]; delays: Record<string, number>}> = {}): World => {
  const world = JSON.parse(readFileSync(join(DOUBLE_DIR, 'worlds', 'synthetic.json'), 'utf8')) as World
  return {
    ...world,
    failures: extra.failures ?? [],
    delays: {...(world.delays as Record<string, number>), ...extra.delays},
  }
}

/**
 * Builds BASE with `v23` (conda 23.7.4, current) and `v26` (conda 26.7.1, qa). Cleaned up after the test
 * unless `keep` is set (a beforeAll base is removed by its own afterAll).
 */
export const makeQaBase = async (
  options: {world?: World; oldConda?: string; newConda?: string; keep?: boolean} = {},
): Promise<QaBase> => {
  const dir = mkdtempSync(join(tmpdir(), 'condamig-qa-'))
  if (!options.keep) onTestFinished(() => rmSync(dir, {recursive: true, force: true}))
  const base = join(dir, 'base')
  mkdirSync(base)
  const worldDir = join(dir, 'world')
  const world = writeWorld(worldDir, options.world ?? syntheticWorld())
  const oldRoot = await installRoot({base, name: 'v23', condaVersion: options.oldConda ?? '23.7.4', world})
  const newRoot = await installRoot({base, name: 'v26', condaVersion: options.newConda ?? '26.7.1', world})
  symlinkSync('v23', join(base, 'current'))
  symlinkSync('v26', join(base, 'qa'))
  return {base, world, worldDir, oldRoot, newRoot}
}

/** Rewrites the world of a base (the roots read it at every call). */
export const setWorld = (qa: QaBase, world: World) => writeWorld(qa.worldDir, world)

/** Writes condamig.ini: `[environments]` lines, then optional `[condamig]` settings. */
export const writeIni = (
  base: string,
  envs: Record<string, 'REPLICATE' | 'export'>,
  settings: Record<string, string> = {},
) => {
  const lines = ['[environments]', ...Object.entries(envs).map(([name, action]) => `${name} = ${action}`)]
  if (Object.keys(settings).length > 0) {
    lines.push('', '[condamig]', ...Object.entries(settings).map(([key, value]) => `${key} = ${value}`))
  }

  writeFileSync(join(base, 'condamig.ini'), `${lines.join('\n')}\n`)
}

/** Writes env_specs/NAME.yml (an export) or env_specs/overrides/NAME.yml. */
export const writeSpec = (base: string, name: string, yaml: string, options: {override?: boolean} = {}) => {
  const dir = options.override ? join(base, 'env_specs', 'overrides') : join(base, 'env_specs')
  mkdirSync(dir, {recursive: true})
  writeFileSync(join(dir, `${name}.yml`), yaml)
}

/** An export-like spec: `deps` conda specs and optional pip entries. */
export const specYaml = (name: string, deps: string[], pip: string[] = [], channels = ['defaults']): string =>
  [
    `name: ${name}`,
    'channels:',
    ...channels.map((c) => `  - ${c}`),
    'dependencies:',
    ...deps.map((d) => `  - ${d}`),
    ...(pip.length > 0 ? ['  - pip:', ...pip.map((p) => `      - ${p}`)] : []),
    `prefix: /old/root/envs/${name}`,
    '',
  ].join('\n')

/** A context for calling workflows in-process (silent renderer, log lines collected) on the real clock: replicate
 * names its run, logs and report after the time, and a test often runs it twice. */
export const testContext = (base: string, overrides: Partial<AppContext> = {}): AppContext & {lines: string[]} =>
  workflowContext(base, {now: () => new Date(), ...overrides})
