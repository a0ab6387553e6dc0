import {Flags} from '@oclif/core'
import {realpathSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it, vi} from 'vitest'

import {BaseCommand, parseErrorLine, withExitCodes} from '../../../src/cli/base-command.js'
import {BadInputError, ExternalCommandError, InterruptedError, RefusedError} from '../../../src/errors.js'
import {runCommand} from '../../support/make-base.js'

const FAILURES = {
  'bad-input': () =>
    new BadInputError('inventory.bad-value', "/b/condamig.ini:3: 'keep' is not an action", {hint: 'use REPLICATE'}),
  refused: () =>
    new RefusedError('lock.held', '/b/.condamig/lock is held by alice@hpc1', {hint: 'wait for it to finish'}),
  interrupted: () => new InterruptedError('interrupted by SIGINT'),
  external: () => new ExternalCommandError('/b/current/bin/conda', ['--version'], '/b/current/bin/conda could not run'),
  'two-lines': () => new RefusedError('preflight.failed', 'preflight failed\n  qa has no python'),
  bug: () => new TypeError("Cannot read properties of undefined (reading 'name')"),
} as const

/** A command that fails the way it is told to, or returns where its context points. */
class Probe extends BaseCommand<typeof Probe> {
  static override flags = {
    fail: Flags.string({options: Object.keys(FAILURES)}),
    count: Flags.integer({min: 1}),
  }

  async run(): Promise<{base: string}> {
    const fail = this.flags.fail as keyof typeof FAILURES | undefined
    if (fail) throw FAILURES[fail]()
    return {base: this.ctx.base}
  }
}

const TMP = realpathSync(tmpdir())
const probe = (...argv: string[]) => runCommand(Probe, ['--base', TMP, ...argv])

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('BaseCommand error mapping', () => {
  it.each([
    ['bad-input', 2, "condamig: /b/condamig.ini:3: 'keep' is not an action\n"],
    ['refused', 3, 'condamig: /b/.condamig/lock is held by alice@hpc1\n  hint: wait for it to finish\n'],
    ['interrupted', 130, 'condamig: interrupted by SIGINT\n'],
    ['external', 1, 'condamig: /b/current/bin/conda could not run\n'],
    ['two-lines', 3, 'condamig: preflight failed\n'],
  ])('maps %s to exit %i with one line on stderr (and a hint when refused)', async (fail, exitCode, stderr) => {
    const run = await probe('--fail', fail)

    expect(run).toEqual({exitCode, stdout: '', stderr})
  })

  it('reports a bug as an internal error with exit 1 and asks for a report', async () => {
    vi.stubEnv('DEBUG', '')

    const run = await probe('--fail', 'bug')

    expect(run).toEqual({
      exitCode: 1,
      stdout: '',
      stderr:
        "condamig: internal error: Cannot read properties of undefined (reading 'name')\n" +
        '  run again with DEBUG=condamig:* for details, and please report it\n',
    })
  })

  it.each([
    [
      'bad-input',
      {
        code: 'inventory.bad-value',
        message: "/b/condamig.ini:3: 'keep' is not an action",
        hint: 'use REPLICATE',
        exitCode: 2,
      },
    ],
    [
      'refused',
      {
        code: 'lock.held',
        message: '/b/.condamig/lock is held by alice@hpc1',
        hint: 'wait for it to finish',
        exitCode: 3,
      },
    ],
    ['interrupted', {code: 'interrupted', message: 'interrupted by SIGINT', exitCode: 130}],
    ['bug', {code: 'internal', message: "Cannot read properties of undefined (reading 'name')", exitCode: 1}],
  ])('prints %s as one {"error"} document on stdout under --json', async (fail, error) => {
    const run = await probe('--fail', fail, '--json')

    expect(run.exitCode).toBe(error.exitCode)
    expect(run.stderr).toBe('')
    expect(JSON.parse(run.stdout)).toEqual({error})
  })

  it('folds a multi-line parse error into one line, exit 2', async () => {
    const run = await probe('--count', '0')

    expect(run).toEqual({
      exitCode: 2,
      stdout: '',
      stderr: 'condamig: Parsing --count: Expected an integer greater than or equal to 1 but received: 0\n',
    })
  })

  it('refuses an unknown flag with exit 2, as JSON too', async () => {
    expect(await probe('--colour')).toEqual({exitCode: 2, stdout: '', stderr: 'condamig: Nonexistent flag: --colour\n'})
    const json = await probe('--colour', '--json')
    expect(json.exitCode).toBe(2)
    expect(JSON.parse(json.stdout)).toEqual({
      error: {code: 'usage', message: 'Nonexistent flag: --colour', exitCode: 2},
    })
  })

  it('refuses a --base that does not exist with exit 2, naming it', async () => {
    const missing = join(TMP, 'condamig-no-such-base')

    const run = await runCommand(Probe, ['--base', missing])

    expect(run).toEqual({exitCode: 2, stdout: '', stderr: `condamig: --base ${missing}: no such directory\n`})
  })

  it('takes the base from $CONDAMIG_BASE when --base is not given', async () => {
    vi.stubEnv('CONDAMIG_BASE', TMP)

    const run = await runCommand(Probe, ['--json'])

    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual({base: TMP})
  })
})

describe('parseErrorLine', () => {
  it('joins the lines of an oclif parse error and drops the help pointer', () => {
    expect(
      parseErrorLine('Parsing --parallel \n\tExpected an integer but received: x\nSee more help with --help'),
    ).toBe('Parsing --parallel: Expected an integer but received: x')
    expect(parseErrorLine('Nonexistent flag: --bogus\nSee more help with --help')).toBe('Nonexistent flag: --bogus')
  })
})

describe('withExitCodes', () => {
  it('appends the contract exit-code table to a description', () => {
    expect(withExitCodes('Does a thing.')).toMatchInlineSnapshot(`
      "Does a thing.

      EXIT CODES
        0    done
        1    the batch finished but some environments failed (the report says which), or a tool could not run
        2    bad usage, bad inventory or bad input; nothing was changed
        3    refused by a precondition (preflight failed, lock held, target is not a conda root)
        130  interrupted (Ctrl-C / SIGTERM); children reaped, half-built prefixes removed"
    `)
  })
})
