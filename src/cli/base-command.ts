import {Command, Flags, type Interfaces} from '@oclif/core'
import createDebug from 'debug'
import {existsSync, statSync} from 'node:fs'
import {join, resolve} from 'node:path'

import {createContext, type AppContext} from '../context.js'
import {BadInputError, CondamigError, InterruptedError} from '../errors.js'
import {ExitCode, exitCodeHelp} from '../exit-codes.js'
import {pickRenderer} from './renderer.js'

const debug = createDebug('condamig:cli')

export type FlagsOf<T extends typeof Command> = Interfaces.InferredFlags<(typeof BaseCommand)['baseFlags'] & T['flags']>
export type ArgsOf<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

/** Appended to every command's description: the contract's exit codes (CONTRACT §3). */
export const withExitCodes = (description: string): string =>
  `${description}\n\nEXIT CODES\n${Object.entries(exitCodeHelp)
    .map(([code, meaning]) => `  ${code.padEnd(4)} ${meaning}`)
    .join('\n')}`

/** The error document printed under --json (STYLE §11). */
export type ErrorJson = {error: {code: string; message: string; hint?: string; exitCode: number}}

const oclifExit = (error: unknown): number | undefined => (error as {oclif?: {exit?: number}} | undefined)?.oclif?.exit

/**
 * oclif's parse errors span lines (`Parsing --parallel \n\tExpected an integer … but received: 0\nSee more help
 * with --help`): their first line alone says nothing, so they are folded into one line without the help pointer.
 */
export const parseErrorLine = (message: string): string =>
  message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^See more help with/.test(line))
    .join(': ')

/**
 * Shared glue: --base and --json, the context, SIGINT/SIGTERM → abort, and errors → exit codes.
 * Commands translate flags, call one workflow and present its result; they never call this.error().
 */
export abstract class BaseCommand<T extends typeof Command> extends Command {
  static override baseFlags = {
    base: Flags.string({
      summary: 'The shared installation (BASE). Default: $CONDAMIG_BASE, else the working directory.',
      env: 'CONDAMIG_BASE',
      helpGroup: 'GLOBAL',
    }),
  }

  static override enableJsonFlag = true

  protected flags!: FlagsOf<T>
  protected args!: ArgsOf<T>
  protected ctx!: AppContext
  private readonly interrupt = new AbortController()
  private readonly onSignal = (signal: NodeJS.Signals) => {
    if (this.interrupt.signal.aborted) {
      process.stderr.write(`condamig: ${signal} again: still stopping children and cleaning up, please wait\n`)
      return
    }

    process.stderr.write(`condamig: ${signal}: stopping children, cleaning up…\n`)
    this.interrupt.abort(new InterruptedError(`interrupted by ${signal}`))
  }

  public override async init(): Promise<void> {
    await super.init()
    const {args, flags} = await this.parse({
      args: this.ctor.args,
      baseFlags: (super.ctor as typeof BaseCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      flags: this.ctor.flags,
      strict: this.ctor.strict,
    })
    this.flags = flags as FlagsOf<T>
    this.args = args as ArgsOf<T>
    process.on('SIGINT', this.onSignal)
    process.on('SIGTERM', this.onSignal)
    const base = resolve((flags as {base?: string}).base ?? process.cwd())
    if (!existsSync(base) || !statSync(base).isDirectory()) {
      throw new BadInputError('base.missing', `--base ${base}: no such directory`, {
        hint: 'point --base (or CONDAMIG_BASE) at the shared installation',
      })
    }

    this.ctx = createContext({
      base,
      templatesDir: join(this.config.root, 'templates'),
      signal: this.interrupt.signal,
      renderer: pickRenderer({json: this.jsonEnabled(), env: process.env, isTTY: Boolean(process.stderr.isTTY)}),
      command: ['condamig', this.id ?? '', ...this.argv].join(' ').trim(),
    })
  }

  /** Batch results are not errors: a command sets exit 1 itself when some environments failed. */
  protected setExitCode(code: number): void {
    process.exitCode = code
  }

  protected override async catch(error: Error & {exitCode?: number}): Promise<void> {
    const parseExit = oclifExit(error)
    this.parsed = true // a parse error was reported below; oclif need not warn that parse() was skipped
    const isOurs = error instanceof CondamigError
    const exitCode = isOurs ? error.exitCode : (parseExit ?? ExitCode.BatchFailures)
    process.exitCode = exitCode
    if (parseExit !== undefined && parseExit === 0) return // --help / --version
    if (this.jsonEnabled()) {
      this.logJson(this.toErrorJson(error))
      return
    }

    if (isOurs || parseExit !== undefined) {
      const message = isOurs ? (error.message.split('\n')[0] ?? error.message) : parseErrorLine(error.message)
      process.stderr.write(`condamig: ${message}\n`)
      if (isOurs && error.hint && !(error instanceof BadInputError)) process.stderr.write(`  hint: ${error.hint}\n`)
      return
    }

    // A bug: say so plainly, with the stack when debugging.
    debug('%O', error)
    process.stderr.write(`condamig: internal error: ${error.message}\n`)
    process.stderr.write(
      process.env.DEBUG ? `${error.stack}\n` : '  run again with DEBUG=condamig:* for details, and please report it\n',
    )
  }

  protected override toErrorJson(error: unknown): ErrorJson {
    const e = error as Error & Partial<CondamigError>
    const isOurs = error instanceof CondamigError
    return {
      error: {
        code: isOurs ? (e.code ?? 'error') : oclifExit(error) === undefined ? 'internal' : 'usage',
        message: isOurs || oclifExit(error) === undefined ? (e.message ?? String(error)) : parseErrorLine(e.message),
        ...(e.hint ? {hint: e.hint} : {}),
        exitCode: isOurs ? (e.exitCode ?? 1) : (oclifExit(error) ?? ExitCode.BatchFailures),
      },
    }
  }

  protected override async finally(error: Error | undefined): Promise<void> {
    process.off('SIGINT', this.onSignal)
    process.off('SIGTERM', this.onSignal)
    await super.finally(error)
  }
}
