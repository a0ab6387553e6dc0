import {basename, join, relative} from 'node:path'

import {Conda} from '../conda/conda.js'
import type {AppContext} from '../context.js'
import type {SettingsFlags} from '../domain/settings.js'
import {parseExport} from '../domain/spec/parse-export.js'
import type {PipOrigin} from '../domain/spec/pip-origin.js'
import {serializeSpec} from '../domain/spec/serialize-spec.js'
import {stripBuilds} from '../domain/spec/strip-builds.js'
import {InterruptedError, isCondamigError} from '../errors.js'
import {archiveCopy} from '../system/archive-copy.js'
import {writeFileAtomic} from '../system/atomic-write.js'
import {confineTo} from '../system/base-confinement.js'
import {readExplicitUrls} from '../system/env-files.js'
import {withEnvView} from '../system/env-view.js'
import {isCondaEnv} from '../system/fs-facts.js'
import {readPipOrigins} from '../system/pip-origins.js'
import {readBaseFile, readBaseFileStats} from '../system/safe-read.js'
import {mkdirShared} from '../system/shared-permissions.js'
import {selectInventoried} from './replicate/select-envs.js'
import {loadConfig} from './shared/load-config.js'
import {requireRoot, type LinkedRoot} from './shared/require-root.js'
import {runEnvTasks} from './shared/run-env-tasks.js'
import {removeStaleTempsIn, withLock} from './shared/with-lock.js'

export type ExportedEnv = {
  name: string
  status: 'ok' | 'failed'
  /** Spec file relative to BASE. */
  spec?: string
  packages?: number
  pipPackages?: number
  /** pip packages whose VCS/local origin was recovered from direct_url.json. */
  origins?: PipOrigin[]
  notes: string[]
  error?: string
}

export type ExportResult = {
  base: string
  source: {root: string; condaVersion: string}
  specsDir: string
  environments: ExportedEnv[]
  warnings: string[]
}

export type ExportOptions = {envs: string[]; flags?: SettingsFlags}

/** The metadata conda's own export loses, kept beside each spec (`NAME.meta.json`). */
export type SpecMeta = {
  name: string
  exportedAt: string
  sourceRoot: string
  sourceRootReal: string
  condaVersion: string
  explicitUrls: string[]
  pipOrigins: PipOrigin[]
}

/** Writes env_specs/NAME.yml (+ NAME.meta.json) for every inventoried env, from current's own conda. */
export const exportEnvs = async (ctx: AppContext, options: ExportOptions): Promise<ExportResult> => {
  const config = loadConfig(ctx, {flags: options.flags, requireInventory: true})
  const inventoried = (config.inventory?.environments ?? []).map((entry) => entry.name)
  const names = selectInventoried(inventoried, options.envs, ctx.layout.inventory)
  const current = requireRoot(ctx, 'current')
  const conda = new Conda({bin: current.paths.conda, runner: ctx.runner})
  const condaVersion = await conda.version()
  const specsDir = config.settings.specsDir
  return withLock(ctx, async (notes) => {
    for (const note of removeStaleTempsIn(ctx, [specsDir])) notes.warnings.push(note) // a configured specs_dir
    const results = await runEnvTasks(
      ctx,
      names,
      {concurrency: config.settings.parallel, title: (name) => `${name} — export`},
      async (name) => {
        const value = await exportOne(ctx, {name, current, conda, condaVersion, specsDir})
        return {value, failed: value.error}
      },
    )
    if (ctx.signal.aborted) throw new InterruptedError('export interrupted: specs written so far are complete')
    return {
      base: ctx.base,
      source: {root: current.name, condaVersion},
      specsDir,
      environments: names.map((name) => results.get(name) ?? {name, status: 'failed', notes: [], error: 'not run'}),
      warnings: [...config.warnings, ...notes.warnings],
    }
  })
}

type ExportJob = {name: string; current: LinkedRoot; conda: Conda; condaVersion: string; specsDir: string}

const failed = (name: string, error: string): ExportedEnv => ({name, status: 'failed', notes: [], error})

const exportOne = async (ctx: AppContext, job: ExportJob): Promise<ExportedEnv> => {
  const {name, current, conda} = job
  const prefix = current.paths.env(name)
  if (!isCondaEnv(prefix)) return failed(name, `${prefix} does not exist (or has no conda-meta/): nothing to export`)
  const run = {signal: ctx.signal}
  // conda may write while it reads an env (it deletes records of packages pip clobbered): it reads a view of it
  const exported = await withEnvView(prefix, (view) =>
    conda.exportEnv({name, prefix: view, noBuilds: true, expectPrefix: view}, run),
  )
  if (!exported.ok) return failed(name, exported.failure.message)
  if (!isCondaEnv(prefix)) return failed(name, `${prefix} vanished while it was being exported: no spec written`)
  let parsed
  try {
    parsed = parseExport(exported.yaml, `conda env export --name ${name}`)
  } catch (error) {
    return failed(name, (error as Error).message)
  }

  const notes: string[] = []
  // conda 4.3's --no-builds still prints build strings; the contract wants them gone
  if (parsed.conda.some((dep) => dep.build))
    notes.push(`build strings stripped (conda ${job.condaVersion} left them in)`)
  const spec = {...stripBuilds(parsed), prefix: undefined, name}
  const text = serializeSpec(spec)
  const reread = parseExport(text, 'the written spec')
  if (reread.conda.length !== parsed.conda.length || reread.pip.length !== parsed.pip.length) {
    return failed(
      name,
      `writing the spec would lose dependencies (${parsed.conda.length + parsed.pip.length} read, ${reread.conda.length + reread.pip.length} written)`,
    )
  }

  const meta: SpecMeta = {
    name,
    exportedAt: ctx.now().toISOString(),
    sourceRoot: current.name,
    sourceRootReal: current.realDir,
    condaVersion: job.condaVersion,
    explicitUrls: readExplicitUrls(prefix),
    pipOrigins: readPipOrigins(prefix),
  }
  const specFile = join(job.specsDir, `${name}.yml`)
  // a previous spec condamig may not read (a planted link, a FIFO) stops this env, naming it: nothing is written
  const refused = archiveRefusal(() => archivePrevious(ctx, specFile, text, job.specsDir))
  if (refused) return failed(name, refused)
  writeFileAtomic(specFile, text, {shared: ctx.base})
  writeFileAtomic(join(job.specsDir, `${name}.meta.json`), `${JSON.stringify(meta, null, 2)}\n`, {shared: ctx.base})
  if (meta.pipOrigins.length > 0) notes.push(`pip origins recovered: ${meta.pipOrigins.map((o) => o.name).join(', ')}`)
  return {
    name,
    status: 'ok',
    spec: relative(ctx.base, specFile),
    packages: spec.conda.length,
    pipPackages: spec.pip.length,
    origins: meta.pipOrigins,
    notes,
  }
}

/** The message of a typed refusal `act` throws (system/safe-read.ts), undefined when it went through. */
const archiveRefusal = (act: () => void): string | undefined => {
  try {
    act()
    return undefined
  } catch (error) {
    if (isCondamigError(error)) return error.message
    throw error
  }
}

/**
 * A spec about to change is kept under env_specs/.history/ first: no command loses a spec (CONTRACT §6). The old
 * spec is read only as a regular file in BASE or the specs dir (a planted `NAME.yml -> /etc/shadow` is refused, never
 * copied), and the archive is no more readable than it was: same owner and group when condamig runs as root, its
 * mode at most (system/archive-copy.ts).
 */
const archivePrevious = (ctx: AppContext, specFile: string, text: string, specsDir: string) => {
  const within = confineTo(ctx.base, [specsDir])
  const previous = readBaseFileStats(specFile, {what: 'spec', within})
  if (previous === undefined || previous.text === text) return
  const stamp = ctx
    .now()
    .toISOString()
    .replaceAll(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
  const name = basename(specFile, '.yml')
  const history = join(specsDir, '.history')
  mkdirShared(history, ctx.base)
  // two runs in one second must not overwrite each other's archive: take the first free name (O_EXCL)
  for (let n = 1; n < 1000; n++) {
    const archive = join(history, n === 1 ? `${name}.${stamp}.yml` : `${name}.${stamp}-${n}.yml`)
    if (archiveCopy(archive, previous)) return
    if (readBaseFile(archive, {what: 'archived spec', within}) === previous.text) return
  }

  throw new Error(`no free archive name for ${join(history, name)}.${stamp}.yml after 999 attempts`)
}
