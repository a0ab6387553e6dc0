import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {DOUBLE_DIR, installRoot, runDouble, seedEnv, writeWorld} from '../../support/double.js'

type DemoEnv = {
  name: string
  conda: string[]
  pip?: string[]
  git?: string[]
  orphans?: string[]
  channels?: string[]
  expect: {conda: string; pip?: string; git?: string; noarch?: string; verify?: string}
}
type DemoEnvs = {
  oldRoot: {channels: string[]}
  newRoot: {channels: string[]}
  noarchPackages: string[]
  envs: DemoEnv[]
}

/**
 * The demo world does what demo-envs.json promises: each env seeds into the old root, and
 * replicating it into the new root (export, builds stripped, defaults → conda-forge, noarch and
 * pip/git steps apart — condamig's recipe, done by hand here) meets the expected outcome.
 */
describe('the demo world and its environments', () => {
  let dir: string
  let world: string
  let oldRoot: string
  let newRoot: string
  let demo: DemoEnvs
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'double-demo-'))
    // the demo's delays make a demo feel real; this test only checks what happens
    const doc = JSON.parse(readFileSync(join(DOUBLE_DIR, 'worlds', 'demo.json'), 'utf8')) as Record<string, unknown>
    world = writeWorld(dir, {...doc, delays: {}})
    demo = JSON.parse(
      readFileSync(join(DOUBLE_DIR, 'worlds', 'demo-envs.json'), 'utf8').replaceAll('${WORLD_DIR}', dir),
    ) as DemoEnvs
    oldRoot = await installRoot({base: dir, name: 'v4.3', condaVersion: '4.3.22', world})
    newRoot = await installRoot({base: dir, name: 'v4.8', condaVersion: '26.7.1', world})
    writeFileSync(join(oldRoot, '.condarc'), `channels:\n${demo.oldRoot.channels.map((c) => `  - ${c}\n`).join('')}`)
    for (const e of demo.envs) {
      const {conda: specs, pip, git, orphans, channels} = e
      await seedEnv(oldRoot, e.name, {conda: specs, pip, git, orphans, world, ...(channels ? {channels} : {})})
    }
  }, 60_000)
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  const conda = (root: string, args: string[]) => runDouble(join(root, 'bin', 'conda'), args, {world})

  it('seeds every demo env into the old root', async () => {
    const listed = (JSON.parse((await conda(oldRoot, ['env', 'list', '--json'])).stdout) as {envs: string[]}).envs
    expect(listed).toEqual(expect.arrayContaining(demoNames().map((n) => join(oldRoot, 'envs', n))))
  })

  const demoNames = () =>
    (JSON.parse(readFileSync(join(DOUBLE_DIR, 'worlds', 'demo-envs.json'), 'utf8')) as DemoEnvs).envs.map((e) => e.name)

  it.each(demoNames())('%s replicates into the new root as demo-envs.json expects', async (name) => {
    const e = demo.envs.find((x) => x.name === name) as DemoEnv
    const exported = await conda(oldRoot, ['env', 'export', '-n', name, '--no-builds'])
    // conda 4.3 keeps build strings even with --no-builds: strip them as condamig does
    const section = exported.stdout.slice(exported.stdout.indexOf('dependencies:'))
    const deps = [...section.matchAll(/^ {2}- ([^:\s]+)$/gm)]
      .map((m) => (m[1] ?? '').replace(/^([^=]+=[^=]+)=.*$/, '$1'))
      .filter((d) => !demo.noarchPackages.includes(d.split('=')[0] ?? ''))
    const prefix = join(newRoot, 'envs', name)
    // the export's own channels after the configured ones, defaults mapped to conda-forge (condamig's channel repair)
    const exportChannels = [
      ...exported.stdout.slice(0, exported.stdout.indexOf('dependencies:')).matchAll(/^ {2}- (\S+)$/gm),
    ]
      .map((m) => (m[1] === 'defaults' ? 'conda-forge' : (m[1] ?? '')))
      .filter((c) => !demo.newRoot.channels.some((n) => n === c || n.endsWith(`/${c}`)))
    const channels = [...demo.newRoot.channels, ...exportChannels].flatMap((c) => ['-c', c])
    const created = await conda(newRoot, [
      'create',
      '-y',
      '-q',
      '-p',
      prefix,
      '--override-channels',
      ...channels,
      ...deps,
    ])
    const outcome =
      created.exitCode === 0
        ? 'ok'
        : /PackagesNotFound/.test(created.stderr)
          ? 'missing_package'
          : /UnsatisfiableError/.test(created.stderr)
            ? 'unsatisfiable'
            : /UnavailableInvalidChannel|CondaHTTPError/.test(created.stderr)
              ? 'channel_error'
              : created.stderr
    expect(outcome).toBe(e.expect.conda)
    if (outcome !== 'ok') return
    const py = (...args: string[]) => runDouble(join(prefix, 'bin', 'python'), args, {world})
    const frozen = (
      await runDouble(join(oldRoot, 'envs', name, 'bin', 'python'), ['-m', 'pip', 'freeze'], {world})
    ).stdout.split('\n')
    const condaNames = new Set(deps.map((d) => d.split('=')[0]))
    const pipOnly = frozen.filter((l) => /^[\w.-]+==/.test(l) && !condaNames.has(l.split('==')[0]))
    const vcs = frozen.filter((l) => l.includes(' @ git+'))
    if (e.expect.pip) {
      const r = await py(
        '-m',
        'pip',
        'install',
        ...pipOnly.filter((l) => !vcs.some((v) => v.startsWith(`${l.split('==')[0]} @`))),
      )
      expect(r.exitCode === 0 ? 'ok' : /No matching distribution/.test(r.stderr) ? 'pip_error' : r.stderr).toBe(
        e.expect.pip,
      )
    }
    if (e.expect.git) {
      const r = await py('-m', 'pip', 'install', ...vcs.map((l) => l.replace(/^[\w.-]+ @ /, '')))
      expect(r.exitCode === 0 ? 'ok' : /git clone/.test(r.stderr) ? 'git_manual' : r.stderr).toBe(e.expect.git)
    }
    if (e.expect.noarch) {
      const local = demo.newRoot.channels.filter((c) => c.startsWith('file://'))
      for (const pkg of demo.noarchPackages.filter((p) => e.conda.includes(p))) {
        const r = await conda(newRoot, [
          'install',
          '-y',
          '-q',
          '-p',
          prefix,
          '--override-channels',
          '-c',
          local[0] ?? '',
          pkg,
        ])
        const outcome = r.exitCode === 0 ? 'ok' : /CondaVerificationError/.test(r.stderr) ? 'noarch_error' : r.stderr
        expect(outcome).toBe(e.expect.noarch)
      }
    }
    if (e.expect.verify) {
      const r = await py('-c', 'import h5py')
      expect(r.stderr).toContain('ImportError: libhdf5.so.310')
    }
  })
})
