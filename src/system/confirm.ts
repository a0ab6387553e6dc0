import {createInterface} from 'node:readline'

/** Where a prompt is asked and answered: the terminal (stdin) and stderr, never stdout (it carries the result). */
export type PromptIO = {input: NodeJS.ReadableStream & {isTTY?: boolean}; output: NodeJS.WritableStream}

const terminal = (): PromptIO => ({input: process.stdin, output: process.stderr})

/** True when a human can answer a prompt: stdin is a terminal. */
export const canPrompt = (io: PromptIO = terminal()): boolean => io.input.isTTY === true

/**
 * Asks a yes/no question; only `y` or `yes` (any case) is yes. End of input, Ctrl-C at the prompt or an abort of
 * `signal` answer no, so an unattended or interrupted run never goes ahead.
 */
export const confirm = (question: string, options: {signal?: AbortSignal; io?: PromptIO} = {}): Promise<boolean> =>
  new Promise((resolve) => {
    const io = options.io ?? terminal()
    const rl = createInterface({input: io.input, output: io.output, terminal: io.input.isTTY === true})
    let settled = false
    const finish = (answer: boolean) => {
      if (settled) return
      settled = true
      options.signal?.removeEventListener('abort', onAbort)
      rl.close()
      resolve(answer)
    }
    const onAbort = () => {
      io.output.write('\n')
      finish(false)
    }
    if (options.signal?.aborted) return finish(false)
    options.signal?.addEventListener('abort', onAbort, {once: true})
    rl.on('SIGINT', onAbort)
    rl.on('close', () => finish(false))
    rl.question(`${question} [y/N] `, (answer) => finish(/^y(es)?$/i.test(answer.trim())))
  })
