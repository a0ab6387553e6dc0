import {spawn} from 'node:child_process'
import {fileURLToPath} from 'node:url'

/** The package root, for `Command.run(argv, {root: PKG_ROOT})` and for spawning bin/dev.js. */
export const PKG_ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const DEV_BIN = fileURLToPath(new URL('../../bin/dev.js', import.meta.url))

export type CliResult = {exitCode: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string}

/**
 * Runs the CLI as a user does (a separate process, no TTY, CI=true, plain progress lines).
 * `onSpawn` receives the child, e.g. to send it a signal mid-run.
 */
export const runCli = (
  argv: string[],
  options: {env?: Record<string, string | undefined>; cwd?: string; onSpawn?: (pid: number) => void} = {},
): Promise<CliResult> =>
  new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = {...process.env, CI: 'true', NODE_ENV: 'production', ...options.env}
    delete env.VITEST
    const child = spawn(process.execPath, ['--import', 'tsx', DEV_BIN, ...argv], {
      cwd: options.cwd ?? PKG_ROOT,
      env: env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    if (child.pid !== undefined) options.onSpawn?.(child.pid)
    child.on('close', (exitCode, signal) => resolve({exitCode, signal, stdout, stderr}))
  })
