import {hostname, userInfo} from 'node:os'
import {resolve} from 'node:path'

import {baseLayout, type BaseLayout} from './domain/base-layout.js'
import {ExecaRunner} from './system/execa-runner.js'
import type {Runner} from './system/runner.js'

/** How progress is shown; chosen once by the CLI (cli/renderer.ts) and passed down. */
export type RendererKind = 'default' | 'simple' | 'silent' | 'test'

/** Everything a workflow needs from the outside world; tests build their own. */
export type AppContext = {
  base: string
  layout: BaseLayout
  runner: Runner
  /** Aborted on SIGINT/SIGTERM: workflows stop starting work, children are terminated and reaped. */
  signal: AbortSignal
  now: () => Date
  renderer: RendererKind
  templatesDir: string
  /** The environment seen by the workflow (CONDAMIG_* settings, passed to children). */
  env: Record<string, string | undefined>
  user: string
  host: string
  /** The command line, for the lock holder and the journal. */
  command: string
  /** Progress and warnings for humans (stderr); never part of the JSON result. */
  log: (line: string) => void
}

export type ContextOptions = Partial<Omit<AppContext, 'base' | 'layout'>> & {base: string; templatesDir: string}

const currentUser = (): string => {
  try {
    return userInfo().username
  } catch {
    return String(process.getuid?.() ?? 'unknown')
  }
}

export const createContext = (options: ContextOptions): AppContext => {
  const base = resolve(options.base)
  return {
    runner: new ExecaRunner(),
    signal: new AbortController().signal,
    now: () => new Date(),
    renderer: 'simple',
    env: process.env,
    user: currentUser(),
    host: hostname(),
    command: 'condamig',
    log: (line) => process.stderr.write(`${line}\n`),
    ...options,
    base,
    layout: baseLayout(base),
  }
}
