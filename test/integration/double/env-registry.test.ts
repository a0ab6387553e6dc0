import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {installRoot, runDouble, seedEnv, writeWorld} from '../../support/double.js'
import {tinyWorld} from '../../support/double-worlds.js'

describe('the shared ~/.conda/environments.txt (transcripts README point 8)', () => {
  let dir: string
  let world: string
  let oldRoot: string
  let newRoot: string
  let fakeHome: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'double-registry-'))
    world = writeWorld(dir, tinyWorld())
    fakeHome = mkdtempSync(join(tmpdir(), 'double-home-'))
    oldRoot = await installRoot({base: dir, name: 'v4.3', condaVersion: '23.7.4', world})
    newRoot = await installRoot({base: dir, name: 'v4.8', condaVersion: '26.7.1', world})
    await seedEnv(oldRoot, 'hlink', {conda: ['python=3.11'], world})
    await seedEnv(newRoot, 'hlink', {conda: ['python=3.11'], world})
    await seedEnv(newRoot, 'gone', {conda: ['python=3.10'], world})
    const elsewhere = join(dir, 'elsewhere', 'byprefix')
    const r = await runDouble(join(oldRoot, 'bin', 'conda'), ['create', '-y', '-q', '-p', elsewhere, 'python=3.11'], {
      world,
      env: {HOME: fakeHome},
    })
    expect(r.exitCode).toBe(0)
    rmSync(join(newRoot, 'envs', 'gone'), {recursive: true})
  })
  afterAll(() => {
    rmSync(dir, {recursive: true, force: true})
    rmSync(fakeHome, {recursive: true, force: true})
  })

  const envList = async (root: string, ...args: string[]) =>
    (await runDouble(join(root, 'bin', 'conda'), ['env', 'list', ...args], {world, env: {HOME: fakeHome}})).stdout

  it("lists the other root's envs too, and skips entries whose directory is gone", async () => {
    const doc = JSON.parse(await envList(oldRoot, '--json')) as {envs: string[]}
    expect(doc.envs).toEqual([
      join(dir, 'elsewhere', 'byprefix'),
      oldRoot,
      join(oldRoot, 'envs', 'hlink'),
      join(newRoot, 'envs', 'hlink'),
    ])
  })

  it('names only its own envs in the text list', async () => {
    expect(await envList(newRoot)).toBe(
      `\n# conda environments:\n#\n# * -> active\n# + -> frozen\n${' '.repeat(25)}${join(dir, 'elsewhere', 'byprefix')}\n` +
        `${' '.repeat(25)}${join(oldRoot, 'envs', 'hlink')}\n${'base'.padEnd(25)}${newRoot}\n${'hlink'.padEnd(25)}${join(newRoot, 'envs', 'hlink')}\n\n`,
    )
  })

  it("keeps the registry in the world's HOME, never the caller's", () => {
    const registry = readFileSync(join(dir, 'home', '.conda', 'environments.txt'), 'utf8')
    expect(registry.split('\n')).toEqual(
      expect.arrayContaining([join(oldRoot, 'envs', 'hlink'), join(dir, 'elsewhere', 'byprefix')]),
    )
    expect(existsSync(join(fakeHome, '.conda'))).toBe(false)
  })
})
