// What condamig ran, read back from its per-env logs (logs/replicate/RUN/NAME.log): every command is a line
// `[condamig] <ISO time> $ <command>`. Counts conda processes, and those of them that solve: a conda `create` /
// `install` / `update` (also `env create` / `env update`) that is not an @EXPLICIT `--file` install.
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {basename, join} from 'node:path'

/** The commands of one env's log, by kind. */
export type EnvCommands = {
  env: string
  /** Every conda (or mamba) process of the env. */
  conda: number
  /** Of those, the ones that solve. */
  solving: number
  /** conda creates / installs from an @EXPLICIT file (no solve). */
  explicit: number
  /** The solver probe, if a log holds it (it runs once per run, before any env: normally in none). */
  probes: number
  /** Processes that are not conda (pip, git, an env's python). */
  other: number
  /** The conda subcommand and its mode flags, in order, e.g. `create --dry-run`, `install`. */
  condaCalls: string[]
}

const COMMAND = /^\[condamig\] \S+ \$ (.*)$/

/** Splits a POSIX-shell-quoted command line as condamig logs it ('…' quoting with '\'' escapes, "…", \x). */
export const shellWords = (line: string): string[] => {
  const words: string[] = []
  let word = ''
  let inWord = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? ''
    if (c === "'") {
      const end = line.indexOf("'", i + 1)
      word += line.slice(i + 1, end === -1 ? line.length : end)
      i = end === -1 ? line.length : end
      inWord = true
    } else if (c === '"') {
      let j = i + 1
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && j + 1 < line.length) j++
        word += line[j] ?? ''
      }
      i = j
      inWord = true
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i] ?? ''
      inWord = true
    } else if (c === ' ' || c === '\t') {
      if (inWord) words.push(word)
      word = ''
      inWord = false
    } else {
      word += c
      inWord = true
    }
  }

  if (inWord) words.push(word)
  return words
}

const SOLVING_SUBCOMMANDS = new Set(['create', 'install', 'update'])
const MODE_FLAGS = new Set(['--dry-run', '--download-only', '--offline', '--file', '--all'])

/** The value of `--file X` / `--file=X`, if any. */
const fileArg = (args: readonly string[]): string | undefined => {
  for (const [i, arg] of args.entries()) {
    if (arg === '--file') return args[i + 1]
    if (arg.startsWith('--file=')) return arg.slice('--file='.length)
  }

  return undefined
}

/** True when FILE is an @EXPLICIT list (read it; when it is gone, go by its name). */
const isExplicitFile = (file: string): boolean => {
  try {
    return /^@EXPLICIT\s*$/m.test(readFileSync(file, 'utf8'))
  } catch {
    return /explicit/i.test(basename(file))
  }
}

/** Counts the commands of one log. */
export const countCommands = (env: string, text: string): EnvCommands => {
  const counts: EnvCommands = {env, conda: 0, solving: 0, explicit: 0, probes: 0, other: 0, condaCalls: []}
  for (const line of text.split('\n')) {
    const command = COMMAND.exec(line)?.[1]
    if (command === undefined) continue
    const [program = '', ...args] = shellWords(command)
    if (!/^(conda|mamba|micromamba)$/.test(basename(program))) {
      counts.other++
      continue
    }

    if (command.includes('.condamig-solver-probe-')) {
      counts.probes++
      continue
    }

    counts.conda++
    const positional = args.filter((arg) => !arg.startsWith('-'))
    const sub = positional[0] === 'env' ? `env ${positional[1] ?? ''}` : (positional[0] ?? '')
    const modes = args.filter((arg) => MODE_FLAGS.has(arg) || arg.startsWith('--file='))
    counts.condaCalls.push([sub, ...modes].join(' '))
    if (!SOLVING_SUBCOMMANDS.has(sub.replace(/^env /, ''))) continue
    const file = fileArg(args)
    if (file !== undefined && isExplicitFile(file)) counts.explicit++
    else counts.solving++
  }

  return counts
}

/** The counts of every env log of one run folder (NAME.log; other files there are pip requirement lists). */
export const countRunLogs = (runDir: string): EnvCommands[] =>
  readdirSync(runDir)
    .filter((file) => file.endsWith('.log'))
    .sort()
    .map((file) => countCommands(file.slice(0, -'.log'.length), readFileSync(join(runDir, file), 'utf8')))

/** What a corrupted package cache prints (../shared/realconda README: four bare parallel creates on a cold cache). */
export const CACHE_CORRUPTION = /InvalidArchiveError|CondaVerificationError|SafetyError/g

/** Occurrences of the cache-corruption errors in the given files (missing files count 0), by error name. */
export const corruptionCounts = (files: readonly string[]): {total: number; byError: Record<string, number>} => {
  const byError: Record<string, number> = {}
  let total = 0
  for (const file of files) {
    if (!existsSync(file)) continue
    for (const match of readFileSync(file, 'utf8').matchAll(CACHE_CORRUPTION)) {
      byError[match[0]] = (byError[match[0]] ?? 0) + 1
      total++
    }
  }

  return {total, byError}
}
