import {basename} from 'node:path'

import {formatCommand, type RunRequest, type RunResult, type Runner} from '../../src/system/runner.js'
import {rewritePaths, type Transcript} from './transcripts.js'

/** What a rule answers; missing fields default to exit 0 with empty output. */
export type FakeResponse = Partial<
  Pick<RunResult, 'exitCode' | 'signal' | 'stdout' | 'stderr' | 'timedOut' | 'cancelled'>
>

/** A response, a recorded transcript, or a function of the request (it may throw, like a spawn failure). */
export type Responder =
  FakeResponse | Transcript | ((request: RunRequest) => FakeResponse | Transcript | Promise<FakeResponse | Transcript>)

/**
 * Matches `[basename(file), ...args].join(' ')` — readable like `conda env export --name hlink --no-builds`
 * (a string must equal it, or the same line with the full file path); a RegExp is tested on it; a
 * predicate sees the whole request.
 */
export type Matcher = string | RegExp | ((request: RunRequest) => boolean)

export type RuleOptions = {
  /** Answer only this many calls, then let later rules answer (sequences: first fails, then succeeds). */
  times?: number
  /** Pretend the command runs this long: an abort or a shorter `timeoutMs` ends it like the real runner. */
  delayMs?: number
}

type Rule = {matcher: Matcher; responder: Responder; options: RuleOptions; used: number}

const isTranscript = (value: FakeResponse | Transcript): value is Transcript => 'argv' in value && 'dir' in value

/** The line rules are matched against. */
export const callLine = (request: Pick<RunRequest, 'file' | 'args'>): string =>
  [basename(request.file), ...request.args].join(' ')

const matches = (matcher: Matcher, request: RunRequest): boolean => {
  if (typeof matcher === 'function') return matcher(request)
  const line = callLine(request)
  if (matcher instanceof RegExp) return matcher.test(line)
  return matcher === line || matcher === [request.file, ...request.args].join(' ')
}

/** Waits `ms`, or less when the signal aborts or the request's timeout is shorter; says which happened. */
const wait = (ms: number, request: RunRequest): Promise<'done' | 'cancelled' | 'timedOut'> =>
  new Promise((resolve) => {
    if (request.signal?.aborted) return resolve('cancelled')
    const timedOut = request.timeoutMs !== undefined && request.timeoutMs < ms
    const timer = setTimeout(() => finish(timedOut ? 'timedOut' : 'done'), timedOut ? request.timeoutMs : ms)
    const onAbort = () => finish('cancelled')
    const finish = (how: 'done' | 'cancelled' | 'timedOut') => {
      clearTimeout(timer)
      request.signal?.removeEventListener('abort', onAbort)
      resolve(how)
    }
    request.signal?.addEventListener('abort', onAbort, {once: true})
  })

/**
 * The Runner of tests (STYLE §6, §15): rules answer calls, `calls` records them for argv assertions, and a
 * call no rule answers THROWS, listing the calls seen — a test never reaches a real process by accident.
 */
export class FakeRunner implements Runner {
  readonly calls: RunRequest[] = []
  private readonly rules: Rule[] = []

  /** A runner that answers exactly the transcript's argv (after rewriting its paths) with its output. */
  static fromTranscript(transcript: Transcript, options: {rewrite?: string} & RuleOptions = {}): FakeRunner {
    const {rewrite, ...ruleOptions} = options
    const replay = rewrite === undefined ? transcript : rewritePaths(transcript, rewrite)
    const [file = '', ...args] = replay.argv
    return new FakeRunner().on(
      (request) => request.file === file && request.args.join('\0') === args.join('\0'),
      replay,
      ruleOptions,
    )
  }

  /** Adds a rule; the first rule that matches and is not used up answers. */
  on(matcher: Matcher, responder: Responder, options: RuleOptions = {}): this {
    this.rules.push({matcher, responder, options, used: 0})
    return this
  }

  /** The calls as matcher lines, for compact assertions. */
  get lines(): string[] {
    return this.calls.map(callLine)
  }

  async run(request: RunRequest): Promise<RunResult> {
    this.calls.push(request)
    const rule = this.rules.find(
      (candidate) => (candidate.options.times ?? Infinity) > candidate.used && matches(candidate.matcher, request),
    )
    if (!rule) {
      throw new Error(
        `FakeRunner: no rule for "${callLine(request)}"\ncalls so far:\n${this.lines.map((line) => `  ${line}`).join('\n')}`,
      )
    }
    rule.used++
    const started = Date.now()
    const how = await wait(rule.options.delayMs ?? 0, request)
    const command = formatCommand(request.file, request.args)
    if (how !== 'done') {
      return {
        command,
        exitCode: null,
        signal: 'SIGTERM',
        stdout: '',
        stderr: '',
        timedOut: how === 'timedOut',
        cancelled: how === 'cancelled',
        durationMs: Date.now() - started,
      }
    }
    const answer = typeof rule.responder === 'function' ? await rule.responder(request) : rule.responder
    const response: FakeResponse = isTranscript(answer)
      ? {exitCode: answer.exitCode, stdout: answer.stdout, stderr: answer.stderr}
      : answer
    const stdout = response.stdout ?? ''
    const stderr = response.stderr ?? ''
    if (stdout) request.onOutput?.(stdout, 'stdout')
    if (stderr) request.onOutput?.(stderr, 'stderr')
    return {
      command,
      exitCode: response.exitCode === undefined ? 0 : response.exitCode,
      signal: response.signal,
      stdout,
      stderr,
      timedOut: response.timedOut ?? false,
      cancelled: response.cancelled ?? false,
      durationMs: Date.now() - started,
    }
  }
}
