import {existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {VerifyOutcome} from '../../../src/domain/verify-outcome.js'
import {BadInputError, RefusedError} from '../../../src/errors.js'
import {readCsvReport} from '../../../src/system/csv-report.js'
import {verify, type VerifyResult} from '../../../src/workflows/verify.js'
import {seedEnv, writeWorld, type World} from '../../support/double.js'
import {makeQaBase, type QaBase, specYaml, syntheticWorld, testContext, writeSpec} from '../../support/qa-base.js'

// verify against a base built with the conda double: current = v23 (conda 23.7.4), qa = v26 (conda 26.7.1), envs
// seeded into both, specs and kernels written by hand so each env exercises one kind of check.

let qa: QaBase
let base: string

/** The synthetic world where hlinkutils 0.4.1 installs a module that raises on import. */
const brokenImportWorld = (): World => {
  const world = syntheticWorld()
  for (const channel of world.channels as {packages: {name: string; version: string; importError?: string}[]}[]) {
    for (const pkg of channel.packages) {
      if (pkg.name === 'hlinkutils' && pkg.version === '0.4.1')
        pkg.importError = 'ImportError: libhlink.so.2: cannot open shared object file'
    }
  }

  return world
}

const INI = `[environments]
good = REPLICATE
drifted = REPLICATE
broken = REPLICATE
missing = REPLICATE
withpip = REPLICATE
oldonly = export

[condamig]
channels = defaults

[tests]
good = test "$(command -v python)" = "$CONDA_PREFIX/bin/python" && python -c "import numpy; print(numpy.__version__)"
drifted = echo "tests say no" >&2; exit 4
`

const kernel = (python: string) =>
  `${JSON.stringify({argv: [python, '-m', 'ipykernel_launcher', '-f', '{connection_file}'], display_name: 'k', language: 'python'}, null, 1)}\n`

const writeKernel = (name: string, python: string) => {
  const file = join(base, 'kernels', name, 'kernel.json')
  mkdirSync(dirname(file), {recursive: true})
  writeFileSync(file, kernel(python))
}

beforeAll(async () => {
  qa = await makeQaBase({keep: true})
  base = qa.base
  // the new root must find the synthetic channel (a Miniforge root ships conda-forge, which this world lacks)
  writeFileSync(join(qa.newRoot, '.condarc'), 'channels:\n  - defaults\n')
  const broken = writeWorld(join(qa.worldDir, 'broken'), brokenImportWorld())
  const good = ['python=3.11.7', 'numpy=1.26.4', 'ipykernel=6.28.0']
  await seedEnv(qa.oldRoot, 'good', {conda: [...good, 'requests=2.28.1']})
  await seedEnv(qa.newRoot, 'good', {conda: [...good, 'requests=2.31.0']})
  await seedEnv(qa.oldRoot, 'drifted', {conda: ['python=3.10.13', 'pandas=1.5.3']})
  await seedEnv(qa.newRoot, 'drifted', {conda: ['python=3.10.13', 'pandas=2.1.4']})
  await seedEnv(qa.newRoot, 'broken', {conda: ['python=3.11.7', 'hlinkutils=0.4.1'], world: broken})
  await seedEnv(qa.newRoot, 'withpip', {conda: ['python=3.11.7', 'pip', 'requests'], pip: ['hlink-client==1.0.0']})
  await seedEnv(qa.oldRoot, 'oldonly', {conda: ['python=3.11.7']})
  writeFileSync(join(base, 'condamig.ini'), INI)
  writeSpec(base, 'good', specYaml('good', [...good, 'requests']))
  writeSpec(base, 'drifted', specYaml('drifted', ['python=3.10.13', 'pandas=1.5.3']))
  writeSpec(base, 'broken', specYaml('broken', ['python=3.11.7', 'hlinkutils=0.4.1']))
  writeSpec(base, 'missing', specYaml('missing', ['python=3.11.7']))
  writeSpec(base, 'withpip', specYaml('withpip', ['python=3.11.7', 'pip', 'requests'], ['hlink-client==1.0.0']))
  writeKernel('good', join(base, 'envs', 'good', 'bin', 'python'))
  writeKernel('good-pinned', join(base, 'v23', 'envs', 'good', 'bin', 'python'))
  writeKernel('drifted', join(base, 'current', 'envs', 'drifted', 'bin', 'python'))
  writeKernel('oldonly', join(base, 'envs', 'oldonly', 'bin', 'python'))
}, 60_000)

afterAll(() => rmSync(dirname(base), {recursive: true, force: true}))

const outcome = (result: VerifyResult, env: string): VerifyOutcome => {
  const found = result.environments.find((o) => o.environment === env)
  if (!found) throw new Error(`no outcome for ${env}`)
  return found
}

const check = (result: VerifyResult, env: string, name: string, index = 0) =>
  outcome(result, env).checks.filter((c) => c.check === name)[index]

describe('verify', () => {
  let result: VerifyResult
  beforeAll(async () => {
    result = await verify(testContext(base), {envs: []})
  }, 60_000)

  it('passes an env whose python starts, packages import, versions match and test passes', () => {
    expect(
      outcome(result, 'good')
        .checks.filter((c) => c.check !== 'kernel')
        .map((c) => [c.check, c.status]),
    ).toEqual([
      ['python', 'ok'],
      ['imports', 'ok'],
      ['drift', 'ok'],
      ['tests', 'ok'],
    ])
    expect(check(result, 'good', 'imports')?.detail).toBe('numpy ipykernel requests')
    // the spec leaves requests unpinned: a version other than current's is listed, not failed
    expect(check(result, 'good', 'drift')?.message).toBe('differs from current: requests: qa 2.31.0, current 2.28.1')
  })

  it('fails drift when qa does not have the version of the spec, naming the package and all three versions', () => {
    expect(check(result, 'drifted', 'drift')).toMatchObject({
      status: 'failed',
      packages: ['pandas'],
      message: 'pandas: qa 2.1.4, spec 1.5.3, current 1.5.3',
    })
  })

  it('fails imports with the error the module raised', () => {
    expect(check(result, 'broken', 'imports')).toMatchObject({status: 'failed', packages: ['hlinkutils']})
    expect(check(result, 'broken', 'imports')?.message).toContain('hlinkutils: ImportError: libhlink.so.2')
  })

  it('fails an env that is not in qa and skips its other checks', () => {
    expect(outcome(result, 'missing').checks.map((c) => [c.check, c.status])).toEqual([
      ['python', 'failed'],
      ['imports', 'skipped'],
      ['drift', 'skipped'],
      ['tests', 'skipped'],
    ])
    expect(check(result, 'missing', 'python')?.remediation).toBe('Run condamig replicate --env missing.')
  })

  it('checks pip packages too: drift against the pip pin and the import of their module', () => {
    expect(check(result, 'withpip', 'imports')?.detail).toContain('hlink_client')
    expect(check(result, 'withpip', 'imports')?.status).toBe('ok')
    expect(check(result, 'withpip', 'drift')?.status).toBe('ok')
  })

  it("runs [tests] with the env's bin first on PATH, and fails on a non-zero exit with what it printed", () => {
    expect(check(result, 'good', 'tests')?.status).toBe('ok')
    expect(check(result, 'drifted', 'tests')).toMatchObject({status: 'failed', message: 'exit 4: tests say no'})
    expect(check(result, 'withpip', 'tests')).toMatchObject({status: 'skipped'})
  })

  it('checks every kernel: it must reach, after the flip, an env of qa with ipykernel', () => {
    const kernels = outcome(result, 'good').checks.filter((c) => c.check === 'kernel')
    expect(kernels.map((c) => [c.detail.split(' (')[0], c.status])).toEqual([
      ['kernel good', 'ok'],
      ['kernel good-pinned', 'ok'],
      ['pinned kernel good-pinned', 'failed'],
    ])
    expect(kernels[0]?.message).toBe(
      `after cutover argv[0] is ${join(qa.newRoot, 'envs', 'good', 'bin', 'python')}; ipykernel 6.28.0 imports`,
    )
    // drifted has no ipykernel; oldonly is not in qa at all (export only): both kernels would break
    expect(check(result, 'drifted', 'kernel')).toMatchObject({status: 'failed', packages: ['ipykernel']})
    expect(outcome(result, 'oldonly').checks.map((c) => [c.check, c.status])).toEqual([['kernel', 'failed']])
  })

  it('flags a kernel pinned to a versioned root', () => {
    expect(check(result, 'good', 'kernel', 2)?.message).toContain('is pinned to root v23')
  })

  it('writes reports/verify-<UTC>.csv and verify-latest.csv, one row per check', () => {
    expect(result.report.latest).toBe(join(base, 'reports', 'verify-latest.csv'))
    expect(result.report.file).toMatch(/\/reports\/verify-\d{8}T\d{6}Z(-\d+)?\.csv$/)
    const latest = readFileSync(result.report.latest, 'utf8')
    expect(readFileSync(result.report.file, 'utf8')).toBe(latest)
    const rows = readCsvReport(result.report.latest)
    expect(rows).toHaveLength(result.environments.reduce((n, o) => n + o.checks.length, 0))
    expect(rows.find((r) => r.environment === 'drifted' && r.check === 'drift')).toMatchObject({
      status: 'failed',
      packages: 'pandas',
      message: 'pandas: qa 2.1.4, spec 1.5.3, current 1.5.3',
    })
    // each env's checks are logged under logs/verify-<UTC>/
    expect(readFileSync(join(base, outcome(result, 'good').log), 'utf8')).toContain('[condamig] drift: ok')
  })

  it('sums up per env: one failed check fails its env', () => {
    expect(result.summary).toEqual({total: 6, ok: 1, failed: 5, skipped: 0})
    expect(outcome(result, 'withpip').status).toBe('ok')
    expect(result.qa).toEqual({root: 'v26', dir: join(base, 'v26')})
    expect(result.current).toEqual({root: 'v23'})
  })
})

describe('verify --env', () => {
  it('checks only those envs and their kernels', async () => {
    const result = await verify(testContext(base), {envs: ['good']})
    expect(result.environments.map((o) => o.environment)).toEqual(['good'])
    expect(result.environments[0]?.status).toBe('failed') // the pinned kernel
    expect(existsSync(join(base, 'reports', 'verify-latest.csv'))).toBe(true)
    // the latest report keeps every other REPLICATE env's rows from the full run before (CONTRACT §4)
    const latest = readCsvReport(join(base, 'reports', 'verify-latest.csv'))
    expect([...new Set(latest.map((row) => row.environment))]).toEqual(
      expect.arrayContaining(['good', 'drifted', 'broken', 'missing', 'withpip']),
    )
    expect(latest.filter((row) => row.environment === 'drifted' && row.check === 'tests')).toHaveLength(1)
    expect(readCsvReport(result.report.file).every((row) => row.environment === 'good')).toBe(true)
  })

  it('refuses an env that is export-only or not inventoried (bad input)', async () => {
    await expect(verify(testContext(base), {envs: ['oldonly']})).rejects.toThrow(/marked export/)
    await expect(verify(testContext(base), {envs: ['nosuch']})).rejects.toBeInstanceOf(BadInputError)
  })
})

describe('verify [tests] timeout', () => {
  it('stops a test that runs past the timeout and fails it', async () => {
    const ini = join(base, 'condamig.ini')
    const saved = readFileSync(ini, 'utf8')
    writeFileSync(
      ini,
      saved
        .replace('channels = defaults', 'channels = defaults\ntimeout = 2')
        .replace(/^good = test .*$/m, 'good = sleep 30'),
    )
    try {
      const result = await verify(testContext(base), {envs: ['good']})
      expect(check(result, 'good', 'tests')).toMatchObject({status: 'failed', message: 'timed out after 2 s'})
    } finally {
      writeFileSync(ini, saved)
    }
  }, 20_000)
})

describe('guarantee: the verify report and logs are group-readable whatever the umask', () => {
  it('under umask 077', async () => {
    const previous = process.umask(0o077)
    try {
      const result = await verify(testContext(base), {envs: ['withpip']})
      const mode = (path: string) => statSync(path).mode & 0o777
      for (const file of [result.report.file, result.report.latest, join(base, outcome(result, 'withpip').log)]) {
        expect(mode(file) & 0o044, file).toBe(0o044)
      }

      expect(mode(dirname(join(base, outcome(result, 'withpip').log))) & 0o055).toBe(0o055)
    } finally {
      process.umask(previous)
    }
  })
})

describe('verify without qa', () => {
  it('is refused', async () => {
    const qaLink = join(base, 'qa')
    rmSync(qaLink)
    try {
      await expect(verify(testContext(base), {envs: []})).rejects.toBeInstanceOf(RefusedError)
    } finally {
      const {symlinkSync} = await import('node:fs')
      symlinkSync('v26', qaLink)
    }
  })
})
