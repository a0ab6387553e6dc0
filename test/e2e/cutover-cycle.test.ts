import {spawnSync} from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import {hostname, tmpdir, userInfo} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it, onTestFinished} from 'vitest'

import {doubleEnv, installerPath, installRoot, seedEnv, writeWorld} from '../support/double.js'
import {runCli} from '../support/run-cli.js'

// The migration cycle of CONTRACT §3 as an administrator runs it: install → inventory → export → plan → replicate
// → verify → cutover → rollback → cutover, every step a separate condamig process on a base built with the double.

const INI = `[environments]
hlink = REPLICATE
old = export

[condamig]
channels = defaults

[tests]
hlink = python -c "import hlinkutils, numpy"
`

/** Production root v23 (conda 23.7.4) with hlink (used by a kernel) and old; no qa yet. */
const makeProduction = async () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'condamig-cycle-')))
  onTestFinished(() => rmSync(dir, {recursive: true, force: true}))
  const base = join(dir, 'base')
  mkdirSync(base)
  const world = writeWorld(join(dir, 'world'), 'synthetic')
  const v23 = await installRoot({base, name: 'v23', condaVersion: '23.7.4', world})
  symlinkSync('v23', join(base, 'current'))
  symlinkSync('current/envs', join(base, 'envs'))
  const hlink = ['python=3.11.7', 'numpy=1.26.4', 'ipykernel=6.28.0', 'hlinkutils=0.4.1']
  await seedEnv(v23, 'hlink', {conda: hlink, world})
  await seedEnv(v23, 'old', {conda: ['python=3.10.13'], world})
  writeFileSync(join(base, 'condamig.ini'), INI)
  const kernel = join(base, 'kernels', 'hlink', 'kernel.json')
  mkdirSync(join(base, 'kernels', 'hlink'), {recursive: true})
  const argv = [join(base, 'envs', 'hlink', 'bin', 'python'), '-m', 'ipykernel_launcher', '-f', '{connection_file}']
  writeFileSync(kernel, JSON.stringify({argv, display_name: 'HLink', language: 'python'}, null, 1))
  return {base, env: doubleEnv(world)}
}

const link = (base: string, name: string) => (existsSync(join(base, name)) ? readlinkSync(join(base, name)) : null)

describe('the whole migration cycle from the command line', () => {
  it('install → inventory → export → plan → replicate → verify → cutover → rollback → cutover', async () => {
    const {base, env} = await makeProduction()
    const run = async (...argv: string[]) => {
      const result = await runCli([...argv, '--base', base], {env})
      expect(result.exitCode, `${argv.join(' ')}\n${result.stderr}`).toBe(0)
      return result
    }

    await run('install', installerPath('26.7.1'), '--name', 'v26')
    expect(link(base, 'qa')).toBe('v26')
    await run('inventory')
    await run('export')
    await run('plan')
    await run('replicate')
    expect(existsSync(join(base, 'v26', 'envs', 'hlink', 'conda-meta'))).toBe(true)
    const verified = JSON.parse((await run('verify', '--json')).stdout) as {summary: Record<string, number>}
    expect(verified.summary).toEqual({total: 1, ok: 1, failed: 0, skipped: 0})
    // cutover: production is the new root, the kernel now runs it, the old root is still there
    await run('cutover', '--yes')
    expect([link(base, 'current'), link(base, 'qa'), link(base, 'envs')]).toEqual(['v26', null, 'current/envs'])
    const kernel = JSON.parse(readFileSync(join(base, 'kernels', 'hlink', 'kernel.json'), 'utf8')) as {argv: string[]}
    expect(realpathSync(kernel.argv[0] ?? '')).toContain(join(base, 'v26', 'envs', 'hlink'))
    expect(existsSync(join(base, 'v23', 'envs', 'old', 'conda-meta'))).toBe(true)
    // rollback, then the same cutover again
    await run('rollback', '--yes')
    expect([link(base, 'current'), link(base, 'qa')]).toEqual(['v23', 'v26'])
    await run('cutover', '--yes')
    expect(link(base, 'current')).toBe('v26')
    const status = await run('status', '--json')
    const journal = (JSON.parse(status.stdout) as {journal: {action: string; phase: string}[]}).journal
    expect(journal.map((e) => `${e.action} ${e.phase}`).slice(-2)).toEqual(['cutover begin', 'cutover done'])
  }, 300_000)
})

describe('guarantee: one mutating condamig at a time', () => {
  it('a cutover while verify runs gets exit 3 naming the holder; the base is untouched', async () => {
    const {base, env} = await makeProduction()
    await installRoot({base, name: 'v26', condaVersion: '26.7.1', world: env.CONDA_DOUBLE_WORLD ?? ''})
    writeFileSync(join(base, 'v26', '.condarc'), 'channels:\n  - defaults\n')
    symlinkSync('v26', join(base, 'qa'))
    await seedEnv(join(base, 'v26'), 'hlink', {conda: ['python=3.11.7']})
    writeFileSync(join(base, 'condamig.ini'), INI.replace(/^hlink = python .*$/m, 'hlink = sleep 8'))
    // Given a verify that holds the lock while its [tests] command sleeps
    const verifying = runCli(['verify', '--base', base], {env})
    const lock = join(base, '.condamig', 'lock')
    for (let i = 0; i < 400 && !existsSync(lock); i++) await new Promise((resolve) => setTimeout(resolve, 25))
    expect(existsSync(lock)).toBe(true)
    // When a cutover starts meanwhile
    const second = await runCli(['cutover', '--base', base, '--yes', '--allow-failures'], {env})
    // Then it is refused with exit 3, naming who holds the lock, and changes nothing
    expect(second.exitCode).toBe(3)
    expect(second.stderr).toMatch(/is held by .*condamig verify/)
    expect(link(base, 'current')).toBe('v23')
    expect((await verifying).exitCode).toBe(1) // hlink lacks numpy etc. in qa: verify itself ran to the end
  }, 120_000)

  it('a lock left by a dead process is taken over, with a warning', async () => {
    const {base, env} = await makeProduction()
    await installRoot({base, name: 'v26', condaVersion: '26.7.1', world: env.CONDA_DOUBLE_WORLD ?? ''})
    symlinkSync('v26', join(base, 'qa'))
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {encoding: 'utf8'})
    const info = {
      pid: Number(dead.stdout),
      host: hostname(),
      user: userInfo().username,
      command: 'condamig replicate',
      since: new Date().toISOString(),
    }
    mkdirSync(join(base, '.condamig'), {recursive: true})
    writeFileSync(join(base, '.condamig', 'lock'), JSON.stringify(info))
    const result = await runCli(['cutover', '--base', base, '--yes', '--allow-failures', '--json'], {env})
    expect(result.exitCode).toBe(0)
    expect(result.stderr).toContain('took over a stale lock')
    expect(link(base, 'current')).toBe('v26')
    expect(existsSync(join(base, '.condamig', 'lock'))).toBe(false)
  }, 60_000)
})
