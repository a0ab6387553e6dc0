// A shared installation for the export benchmark: an old root made by the double's installer, `current` pointing
// at it, N seeded environments of a few shapes (plain, scientific, pip, git-installed pip) and an ini listing them.
import {mkdirSync, mkdtempSync, rmSync, symlinkSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {installRoot, seedEnv, writeWorld} from '../../test/support/double.js'
import {syntheticWorld, writeIni} from '../../test/support/qa-base.js'

/** A temp base; `remove()` deletes everything it made. */
export type ExportBase = {dir: string; base: string; world: string; envs: string[]; remove: () => void}

const GIT_URL = 'git+file:///opt/conda-example/gitrepos/hlink-private@v0.2.0'

// Four shapes, in turn: what a shared installation typically holds.
const SHAPES: {conda: string[]; pip?: string[]; git?: string[]}[] = [
  {conda: ['python=3.11.7', 'numpy=1.26.4', 'pandas=2.1.4']},
  {conda: ['python=3.10.13', 'requests=2.31.0', 'ipykernel=6.28.0']},
  {conda: ['python=3.11.7', 'requests=2.31.0', 'pip'], pip: ['hlink-client==1.1.0']},
  {conda: ['python=3.11.7', 'hlinkutils=0.4.1', 'pip'], git: [GIT_URL]},
]

/** Builds the base with `count` envs (`env000`, …) in an old conda 23.7.4 root whose double has no delays. */
export const makeExportBase = async (count: number): Promise<ExportBase> => {
  const dir = mkdtempSync(join(tmpdir(), 'condamig-bench-export-'))
  const remove = () => rmSync(dir, {recursive: true, force: true})
  try {
    const base = join(dir, 'base')
    mkdirSync(base)
    const world = writeWorld(join(dir, 'world'), syntheticWorld())
    const root = await installRoot({base, name: 'v23', condaVersion: '23.7.4', world})
    symlinkSync('v23', join(base, 'current'))
    const envs = Array.from({length: count}, (_, i) => `env${String(i).padStart(3, '0')}`)
    for (const [i, name] of envs.entries()) await seedEnv(root, name, {...SHAPES[i % SHAPES.length]!, world})
    writeIni(base, Object.fromEntries(envs.map((name) => [name, 'export' as const])))
    return {dir, base, world, envs, remove}
  } catch (error) {
    remove()
    throw error
  }
}
