import {spawn} from 'node:child_process'
import {cpSync, rmSync, symlinkSync} from 'node:fs'
import {delimiter, dirname, join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {tmpDir} from '../support/make-base.js'
import {PKG_ROOT} from '../support/run-cli.js'

/**
 * bin/run.js and bin/dev.js as a user starts them (issue 7 point 2e, issue 9): straight after `npm ci` in a fresh
 * clone, with no dist/ (`npm run build` not run), and from a working directory outside the checkout. A copy of the
 * checkout without dist/ (node_modules linked) makes the fresh clone whatever the state of this one's dist/.
 */

type Run = {exitCode: number | null; stdout: string; stderr: string}

/** Runs `command args` (no shell, no tsx preloaded) with this node first on PATH, so that a shebang finds it. */
const run = (command: string, args: string[], cwd: string): Promise<Run> =>
  new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = {...process.env, CI: 'true', NODE_ENV: 'production'}
    env.PATH = [dirname(process.execPath), process.env.PATH].filter(Boolean).join(delimiter)
    delete env.VITEST
    delete env.NODE_OPTIONS
    const child = spawn(command, args, {cwd, env, stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (exitCode) => resolve({exitCode, stdout, stderr}))
  })

let clone: string
let elsewhere: string
let base: string
beforeAll(() => {
  clone = tmpDir('condamig-clone-')
  for (const entry of ['bin', 'commands', 'src', 'templates', 'package.json', 'tsconfig.json'])
    cpSync(join(PKG_ROOT, entry), join(clone, entry), {recursive: true})
  symlinkSync(join(PKG_ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir')
  // a working directory with no node_modules and no tsconfig.json of its own, and an empty base
  elsewhere = tmpDir('condamig-cwd-')
  base = tmpDir('condamig-base-')
})
afterAll(() => {
  for (const dir of [clone, elsewhere, base]) if (dir) rmSync(dir, {recursive: true, force: true})
})

const expectStatusOf = (result: Run, dir: string) => {
  expect(result.stderr).not.toMatch(/not found/i)
  expect(result.stdout.split('\n').slice(0, 2)).toEqual([`base ${dir}`, '  current: absent'])
  expect(result.exitCode).toBe(0)
}

describe('the launchers', () => {
  it('node bin/run.js runs every command of a checkout without dist/, from any directory', async () => {
    const [version, help, status] = await Promise.all([
      run(process.execPath, [join(clone, 'bin', 'run.js'), '--version'], elsewhere),
      run(process.execPath, [join(clone, 'bin', 'run.js'), 'status', '--help'], elsewhere),
      run(process.execPath, [join(clone, 'bin', 'run.js'), 'status', '--base', base], elsewhere),
    ])

    expect(version.stdout).toMatch(/^condamig\/\d+\.\d+\.\d+ /)
    expect(version.exitCode).toBe(0)
    expect(help.stdout).toContain('USAGE\n  $ condamig status')
    expect(help.exitCode).toBe(0)
    expectStatusOf(status, base)
  })

  it('./bin/dev.js runs through its shebang from a directory outside the checkout', async () => {
    const [help, status] = await Promise.all([
      run(join(clone, 'bin', 'dev.js'), ['status', '--help'], elsewhere),
      run(join(clone, 'bin', 'dev.js'), ['status', '--base', base], elsewhere),
    ])

    expect(help.stderr).not.toMatch(/not found/i)
    expect(help.stdout).toContain('USAGE\n  $ condamig status')
    expect(help.exitCode).toBe(0)
    expectStatusOf(status, base)
  })

  it('node bin/run.js in this checkout finds the commands, built or not', async () => {
    expectStatusOf(await run(process.execPath, ['bin/run.js', 'status', '--base', base], PKG_ROOT), base)
  })
})
