import {parse} from 'csv-parse/sync'
import {existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, expect, it} from 'vitest'
import {parse as parseYaml} from 'yaml'

import {hashTree} from '../support/make-base.js'
import {condamig, describeReal, makeOldBase, run, workDir} from './support/kit.js'

// The ISRDI write-up's own migration on the kit's old tags: a production root of REAL conda 4.3.22 (python 3.6
// venv) with the write-up's four envs and inventory, migrated blue/green to REAL conda 4.8.5 from the kit's
// channel-new (which lacks numpy 1.13.1), every step a separate condamig process as an admin runs it.

const REPLICATE = ['hlink', 'nhis_reformat', 'super_important_jupyter_kernel']
const KERNEL_ENV = 'super_important_jupyter_kernel'

describeReal(
  'the write-up migration on real conda 4.3.22 -> 4.8.5',
  () => {
    const work = workDir('old-tags')
    const base = join(work, 'base')
    const oldRoot = join(base, 'v4.3')
    const newRoot = join(base, 'v4.8')
    const kernelJson = join(base, 'kernels', KERNEL_ENV, 'kernel.json')
    let oldHash = ''
    let rawExport = ''

    const cli = async (argv: string[], exitCodes: number[] = [0]) => {
      const result = await condamig(work, base, argv)
      if (!exitCodes.includes(result.exitCode ?? -1)) {
        throw new Error(`condamig ${argv.join(' ')}: exit ${result.exitCode}\n${result.stdout}\n${result.stderr}`)
      }

      return result
    }

    const link = (name: string) => (existsSync(join(base, name)) ? readlinkSync(join(base, name)) : null)
    const csv = (file: string) =>
      parse(readFileSync(join(base, 'reports', file), 'utf8'), {columns: true}) as Record<string, string>[]
    const python = (root: string, env: string, code: string) =>
      run(join(root, 'envs', env, 'bin', 'python'), ['-c', code], work).trim()
    /** The kernel as Jupyter starts it: argv[0] of its kernel.json, `-m ipykernel_launcher` (the kit's stub prints). */
    const startKernel = () => {
      const argv0 = (JSON.parse(readFileSync(kernelJson, 'utf8')) as {argv: string[]}).argv[0] ?? ''
      const [word, version, prefix] = run(argv0, ['-m', 'ipykernel_launcher'], work).trim().split(' ')
      return {argv0, word, version, prefix: realpathSync(prefix ?? '')}
    }

    beforeAll(() => {
      makeOldBase(work, 'make-old-base-4x.sh')
      // the premise: real 4.3.22 keeps the build strings with --no-builds (its bug, fixed in 4.3.31)
      rawExport = run(join(oldRoot, 'bin', 'conda'), ['env', 'export', '-n', 'hlink', '--no-builds'], work)
      oldHash = hashTree(oldRoot)
    })

    it('install runs the real 4.8.5 installer beside v4.3 and points qa at it', async () => {
      expect(link('current')).toBe('v4.3')

      const result = await cli(['install', join(work, 'new.sh'), '--name', 'v4.8'])

      expect(result.stdout).toContain('conda 4.8.5')
      expect(link('qa')).toBe('v4.8')
      expect(link('current')).toBe('v4.3')
      const condarc = parseYaml(readFileSync(join(newRoot, '.condarc'), 'utf8')) as Record<string, unknown>
      expect(condarc.auto_update_conda).toBe(false)
      expect(run(join(newRoot, 'bin', 'conda'), ['--version'], work).trim()).toBe('conda 4.8.5')
    })

    it('export writes every inventoried spec without the build strings 4.3.22 leaves in', async () => {
      expect(rawExport).toContain('- hlinkutils=0.4.1=py_0')
      expect(rawExport).toContain('- python=3.6.15=0')

      await cli(['export'])

      for (const env of [...REPLICATE, 'old_not_used']) {
        const text = readFileSync(join(base, 'env_specs', `${env}.yml`), 'utf8')
        const spec = parseYaml(text) as {name: string; dependencies: unknown[]}
        expect(spec.name).toBe(env)
        expect(text).not.toMatch(/^prefix:/m)
        const conda = spec.dependencies.filter((dep): dep is string => typeof dep === 'string')
        expect(conda.length).toBeGreaterThan(2)
        for (const dep of conda) expect(dep, `${env}: ${dep}`).toMatch(/^[\w.-]+(=[^=\s]+)?$/)
      }

      const hlink = readFileSync(join(base, 'env_specs', 'hlink.yml'), 'utf8')
      expect(hlink).toContain('- hlinkutils=0.4.1\n')
      expect(hlink).toContain('- python=3.6.15\n')
      expect(hlink).toContain('- hlink-client==1.0.0')
      expect(readFileSync(join(base, 'env_specs', 'nhis_reformat.yml'), 'utf8')).toContain('- numpy=1.13.1\n')
    })

    it('plan shows the channel_map rewrite and the deferred noarch package, building nothing', async () => {
      const result = await cli(['plan', '--json'])

      type Plan = {name: string; ok: boolean; plan: {changes: {rule: string; subject: string}[]}}
      const doc = JSON.parse(result.stdout) as {environments: Plan[]}
      expect(doc.environments.map((env) => [env.name, env.ok])).toEqual(REPLICATE.map((env) => [env, true]))
      const hlink = doc.environments.find((env) => env.name === 'hlink')?.plan.changes ?? []
      expect(hlink).toContainEqual(expect.objectContaining({rule: 'channels', subject: `file://${work}/channel`}))
      expect(hlink).toContainEqual(expect.objectContaining({rule: 'noarch-deferred', subject: 'hlinkutils=0.4.1'}))
      expect(readdirSync(join(newRoot, 'envs'))).toEqual([])
    })

    it('replicate builds two envs; numpy 1.13.1, gone from channel-new, is a missing_package until an override', async () => {
      const first = await cli(['replicate', '--parallel', '4'], [0, 1])

      expect(first.exitCode).toBe(1)
      const rows = csv('replicate-latest.csv')
      expect(rows.map((row) => [row.environment, row.status])).toEqual([
        ['hlink', 'ok'],
        ['nhis_reformat', 'failed'],
        ['super_important_jupyter_kernel', 'ok'],
      ])
      expect(rows[1]).toMatchObject({stage: 'solve', category: 'missing_package', packages: 'numpy=1.13.1'})
      expect(rows[1]?.remediation).toContain('env_specs/overrides/nhis_reformat.yml')
      expect(existsSync(join(newRoot, 'envs', 'nhis_reformat'))).toBe(false)

      // triage: the admin pins the numpy channel-new has, in an override
      const exported = readFileSync(join(base, 'env_specs', 'nhis_reformat.yml'), 'utf8')
      mkdirSync(join(base, 'env_specs', 'overrides'), {recursive: true})
      writeFileSync(
        join(base, 'env_specs', 'overrides', 'nhis_reformat.yml'),
        exported.replace('numpy=1.13.1', 'numpy=1.19.2'),
      )

      const retry = await cli(['replicate', '--retry-failed'])

      expect(retry.stdout).toContain('nhis_reformat')
      expect(retry.stdout).not.toContain('super_important_jupyter_kernel')
      // the subset run updated just its row: the latest report still covers every REPLICATE env
      expect(csv('replicate-latest.csv').map((row) => [row.environment, row.status])).toEqual(
        REPLICATE.map((env) => [env, 'ok']),
      )
    })

    it('the qa envs really work: their own python, the noarch package, the pip package, ipykernel', () => {
      for (const env of REPLICATE) {
        expect(python(newRoot, env, 'import sys; print(sys.prefix)')).toBe(join(newRoot, 'envs', env))
        expect(python(newRoot, env, 'import sys; print(sys.version_info[:2])')).toBe('(3, 6)')
      }

      const meta = readdirSync(join(newRoot, 'envs', 'hlink', 'conda-meta'))
      expect(meta).toContain('hlinkutils-0.4.1-py_0.json')
      expect(python(newRoot, 'hlink', 'import hlinkutils; print(hlinkutils.__version__)')).toBe('0.4.1')
      expect(run(join(newRoot, 'envs', 'hlink', 'bin', 'hlink-util'), [], work).trim()).toBe('hlink-util 0.4.1')
      expect(python(newRoot, 'hlink', 'import hlink_client; print(hlink_client.__version__)')).toBe('1.0.0')
      expect(python(newRoot, 'nhis_reformat', 'import numpy; print(numpy.__version__)')).toBe('1.19.2')
      expect(python(newRoot, KERNEL_ENV, 'import ipykernel; print(ipykernel.__version__)')).toBe('5.3.4')
      expect(existsSync(join(newRoot, 'envs', 'old_not_used'))).toBe(false)
    })

    it('verify passes in every qa env, kernel included', async () => {
      const result = await cli(['verify'])

      expect(result.stdout).toContain('3 ok, 0 failed')
      const rows = csv('verify-latest.csv')
      expect(rows.filter((row) => row.status === 'failed')).toEqual([])
      expect(rows).toContainEqual(expect.objectContaining({environment: KERNEL_ENV, check: 'kernel', status: 'ok'}))
    })

    it('cutover without --allow-failures flips current to v4.8: the kernel starts from the new root', async () => {
      expect(startKernel().prefix).toBe(realpathSync(join(oldRoot, 'envs', KERNEL_ENV)))

      await cli(['cutover', '--yes'])

      expect(link('current')).toBe('v4.8')
      expect(link('qa')).toBeNull()
      const kernel = startKernel()
      expect(kernel.argv0).toBe(join(base, 'current', 'envs', KERNEL_ENV, 'bin', 'python'))
      expect(kernel).toMatchObject({word: 'ipykernel_launcher', version: '5.3.4'})
      expect(kernel.prefix).toBe(join(newRoot, 'envs', KERNEL_ENV))
    })

    it('rollback puts current back on v4.3 and the kernel in the old root; cutover again', async () => {
      await cli(['rollback', '--yes'])

      expect(link('current')).toBe('v4.3')
      expect(link('qa')).toBe('v4.8')
      expect(startKernel().prefix).toBe(join(oldRoot, 'envs', KERNEL_ENV))

      await cli(['cutover', '--yes'])

      expect(link('current')).toBe('v4.8')
      expect(link('qa')).toBeNull()
      expect(startKernel().prefix).toBe(join(newRoot, 'envs', KERNEL_ENV))
      const journal = readFileSync(join(base, '.condamig', 'history.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as {action: string; from: string; to: string; phase?: string})
      expect(journal.filter((entry) => entry.phase === 'done').map((e) => [e.action, e.from, e.to])).toEqual([
        ['cutover', 'v4.3', 'v4.8'],
        ['rollback', 'v4.8', 'v4.3'],
        ['cutover', 'v4.3', 'v4.8'],
      ])
    })

    it('never wrote inside the old root, from the first command to the last', () => {
      expect(hashTree(oldRoot)).toBe(oldHash)
    })
  },
  {oldTags: true},
)
