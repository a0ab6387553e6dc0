// The package as `npm install` would lay it out (package.json `files`: bin, dist, templates, oclif.manifest.json),
// built into a temp directory. Building in the working tree would put an oclif.manifest.json there, and oclif reads a
// manifest even in development mode: bin/dev.js (the tests, the demo) would then load stale dist/ commands.
import {spawnSync} from 'node:child_process'
import {cpSync, existsSync, mkdtempSync, rmSync, symlinkSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {condaRootTree, link, makeTree} from '../../test/support/fs-tree.js'

/** The repository root. */
export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** A built package and a small sample base; `remove()` deletes both. */
export type StartupPackage = {dir: string; bin: string; base: string; tscMs: number; remove: () => void}

const run = (file: string, args: string[], cwd: string) => {
  const result = spawnSync(file, args, {cwd, encoding: 'utf8'})
  return {ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim()}
}

/**
 * Builds dist/ with tsconfig.build.json into a temp package (node_modules linked to the repo's), writes its
 * oclif.manifest.json with `oclif manifest`, and makes a sample base for `status`. A type error elsewhere in the tree
 * does not stop tsc from emitting; only a missing dist/commands/status.js fails the build here.
 */
export const makeStartupPackage = (log: (line: string) => void): StartupPackage => {
  const root = mkdtempSync(join(tmpdir(), 'condamig-bench-startup-'))
  const remove = () => rmSync(root, {recursive: true, force: true})
  try {
    const dir = join(root, 'condamig')
    const started = Date.now()
    const tsc = run(
      process.execPath,
      [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', join(dir, 'dist')],
      REPO,
    )
    const tscMs = Date.now() - started
    if (!existsSync(join(dir, 'dist', 'commands', 'status.js')))
      throw new Error(`tsc emitted no status command:\n${tsc.output}`)
    if (!tsc.ok) log(`tsc reported errors (emitted anyway): ${tsc.output.split('\n')[0] ?? ''}`)
    for (const path of ['package.json', 'bin', 'templates'])
      cpSync(join(REPO, path), join(dir, path), {recursive: true})
    symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'))
    const manifest = run(process.execPath, [join(REPO, 'node_modules/oclif/bin/run.js'), 'manifest'], dir)
    if (!manifest.ok || !existsSync(join(dir, 'oclif.manifest.json')))
      throw new Error(`oclif manifest failed:\n${manifest.output}`)
    const base = makeTree(join(root, 'base'), {
      v1: condaRootTree(['hlink', 'oldstats', 'ml']),
      v2: condaRootTree(['hlink']),
      current: link('v1'),
      qa: link('v2'),
      envs: link('current/envs'),
      'condamig.ini': '[environments]\nhlink = REPLICATE\noldstats = REPLICATE\nml = export\n',
    })
    return {dir, bin: join(dir, 'bin', 'run.js'), base, tscMs, remove}
  } catch (error) {
    remove()
    throw error
  }
}
