import {execFileSync, spawn} from 'node:child_process'
import {existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {doubleEnv, installRoot, runDouble, writeWorld, type World} from '../../support/double.js'
import {tinyWorld} from '../../support/double-worlds.js'

/** Polls until `ready()` holds (the double has reached the state a test waits for). */
const until = async (ready: () => boolean) => {
  while (!ready()) await new Promise((r) => setTimeout(r, 25))
}

/** Processes whose process group is `pgid`. */
const groupMembers = (pgid: number) =>
  execFileSync('ps', ['-e', '-o', 'pid=,pgid='], {encoding: 'utf8'})
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number))
    .filter(([, g]) => g === pgid)

describe('injected failures, hangs and signals', () => {
  let dir: string
  const roots = new Map<string, {root: string; world: string}>()
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'double-fail-'))
  })
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  const rootWith = async (name: string, extra: Partial<World>) => {
    const world = writeWorld(join(dir, name), tinyWorld(extra))
    const root = await installRoot({base: join(dir, name), name: 'root', condaVersion: '26.7.1', world})
    roots.set(name, {root, world})
    return {root, world, conda: (args: string[]) => runDouble(join(root, 'bin', 'conda'), args, {world})}
  }

  it('fails the create of one env with the conda exception the world names, in text and --json', async () => {
    const {conda} = await rootWith('error', {
      failures: [
        {
          command: 'create',
          env: 'hlink',
          action: 'error',
          exception: 'CondaHTTPError',
          message: 'HTTP 000 CONNECTION FAILED for url <https://conda.anaconda.org/conda-forge/linux-64/repodata.json>',
        },
      ],
    })
    const text = await conda(['create', '-y', '-n', 'hlink', 'python=3.11'])
    expect(text).toMatchObject({
      exitCode: 1,
      stdout: '',
      stderr:
        '\nCondaHTTPError: HTTP 000 CONNECTION FAILED for url <https://conda.anaconda.org/conda-forge/linux-64/repodata.json>\n\n',
    })
    const json = await conda(['create', '-y', '--json', '-n', 'hlink', 'python=3.11'])
    expect(json.exitCode).toBe(1)
    expect(JSON.parse(json.stdout)).toMatchObject({
      exception_name: 'CondaHTTPError',
      error: expect.stringMatching(/^CondaHTTPError: HTTP 000/),
    })
    expect((await conda(['create', '-y', '-q', '-n', 'other', 'python=3.11'])).exitCode).toBe(0)
  })

  it('fails only the first N times when the rule says so (a transient error)', async () => {
    const {conda} = await rootWith('times', {
      failures: [
        {command: 'create', env: 'flaky', times: 1, action: 'error', exception: 'CondaHTTPError', message: 'HTTP 503'},
      ],
    })
    expect((await conda(['create', '-y', '-q', '-n', 'flaky', 'python=3.11'])).exitCode).toBe(1)
    expect((await conda(['create', '-y', '-q', '-n', 'flaky', 'python=3.11'])).exitCode).toBe(0)
  })

  it('exits with the code and stderr a rule gives', async () => {
    const {conda} = await rootWith('exit', {
      failures: [{command: 'env export', action: 'exit', exitCode: 137, stderr: 'Killed\n'}],
    })
    expect(await conda(['env', 'export', '-n', 'base'])).toMatchObject({exitCode: 137, stderr: 'Killed\n'})
  })

  it('dies by the signal a rule names', async () => {
    const {conda} = await rootWith('signal', {failures: [{command: 'create', action: 'signal', signal: 'SIGKILL'}]})
    expect(await conda(['create', '-y', '-n', 'x', 'python=3.11'])).toMatchObject({exitCode: null, signal: 'SIGKILL'})
  })

  it('leaves a half-built prefix when linking fails part-way (condamig cleans up)', async () => {
    const {root, conda} = await rootWith('link', {
      failures: [
        {
          command: 'create',
          stage: 'link',
          package: 'python',
          action: 'error',
          exception: 'CondaError',
          message: 'link failed',
        },
      ],
    })
    const r = await conda(['create', '-y', '-q', '-n', 'half', 'python=3.11'])
    expect(r.exitCode).toBe(1)
    expect(existsSync(join(root, 'envs', 'half'))).toBe(true)
    expect(existsSync(join(root, 'envs', 'half', 'bin', 'python'))).toBe(false)
  })

  it('hangs until killed, and SIGTERM ends it', async () => {
    const {root, world} = await rootWith('hang', {failures: [{command: 'create', env: 'stuck', action: 'hang'}]})
    let alive = true
    const r = await runDouble(join(root, 'bin', 'conda'), ['create', '-y', '-n', 'stuck', 'python=3.11'], {
      world,
      onSpawn: (child) => {
        child.on('exit', () => (alive = false))
        // give it time to reach the hang, then check it is still there before killing it
        setTimeout(() => {
          expect(alive).toBe(true)
          child.kill('SIGTERM')
        }, 500)
      },
    })
    expect(r).toMatchObject({exitCode: null, signal: 'SIGTERM'})
  })

  it('SIGTERM during extraction ends conda promptly; the next load marks the half-extracted package complete, so it must be removed', async () => {
    const {root, world} = await rootWith('term', {delays: {extractMs: 3000}})
    const pkgs = join(root, 'pkgs')
    // killed once info/ is written (a conda tarball starts with info/), before the files are complete
    const extracting = () =>
      existsSync(pkgs) &&
      readdirSync(pkgs).find(
        (d) => existsSync(join(pkgs, d, 'info', 'extract-token')) && existsSync(join(pkgs, d, 'info', 'index.json')),
      )
    const r = await runDouble(join(root, 'bin', 'conda'), ['create', '-y', '-n', 'x', 'python=3.11'], {
      world,
      onSpawn: (child) => {
        void until(() => Boolean(extracting())).then(() => child.kill('SIGTERM'))
      },
    })
    expect(r.signal).toBe('SIGTERM')
    const half = readdirSync(pkgs).filter(
      (d) =>
        existsSync(join(pkgs, d, 'info', 'paths.json')) && !existsSync(join(pkgs, d, 'info', 'repodata_record.json')),
    )
    expect(half).toHaveLength(1)
    writeFileSync(world, JSON.stringify({...tinyWorld(), delays: {extractMs: 0}}))
    // real conda (package_cache_data.py): index.json is there, so the load writes repodata_record.json and
    // the package counts as extracted — its verification fails, run after run
    const again = await runDouble(join(root, 'bin', 'conda'), ['create', '-y', '-q', '-n', 'x', 'python=3.11'], {world})
    expect(again.exitCode).toBe(1)
    expect(again.stderr).toMatch(
      /(SafetyError|CondaVerificationError): The package for \S+ located at .*\nappears to be corrupted\./,
    )
    expect(existsSync(join(pkgs, half[0] ?? '', 'info', 'repodata_record.json'))).toBe(true)
    // removing the half-extracted directory (condamig cleans up) lets the tarball be extracted again
    rmSync(join(pkgs, half[0] ?? ''), {recursive: true})
    const cleaned = await runDouble(join(root, 'bin', 'conda'), ['create', '-y', '-q', '-n', 'x', 'python=3.11'], {
      world,
    })
    expect(cleaned.exitCode, cleaned.stderr).toBe(0)
  })

  it('runs pip in its own process group, so a group kill reaches pip too', async () => {
    const {root, world} = await rootWith('group', {
      failures: [{command: 'pip install', stage: 'pip', package: 'toolz', action: 'hang'}],
    })
    const envFile = join(dir, 'group', 'environment.yml')
    writeFileSync(envFile, 'name: withpip\ndependencies:\n  - python=3.11\n  - pip\n  - pip:\n      - toolz\n')
    // like condamig's runner: a new process group per conda call
    const child = spawn(join(root, 'bin', 'conda'), ['env', 'create', '-f', envFile], {
      detached: true,
      stdio: 'ignore',
      env: {...process.env, ...doubleEnv(world)},
    })
    const pgid = child.pid as number
    await until(() => groupMembers(pgid).length >= 2)
    const closed = new Promise((r) => child.on('close', r))
    process.kill(-pgid, 'SIGTERM')
    await closed
    await until(() => groupMembers(pgid).length === 0)
    expect(groupMembers(pgid)).toEqual([])
  })
})
