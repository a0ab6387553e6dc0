import {readdirSync} from 'node:fs'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'

import {PKG_ROOT} from '../../support/run-cli.js'

/**
 * The command-surface guard (STYLE §18): every command's flags, their env vars and its args, snapshotted inline, so
 * renaming or dropping a flag (which breaks admins' scripts) is a visible, deliberate change of this file.
 */

type FlagDef = {
  type: 'boolean' | 'option'
  char?: string
  env?: string
  multiple?: boolean
  required?: boolean
  allowNo?: boolean
  options?: readonly string[]
  summary?: string
}
type ArgDef = {required?: boolean}
type CommandClass = {
  summary?: string
  examples?: readonly string[]
  flags?: Record<string, FlagDef>
  baseFlags?: Record<string, FlagDef>
  args?: Record<string, ArgDef>
  enableJsonFlag?: boolean
}

const flagLine = (name: string, flag: FlagDef): string => {
  const value = flag.type === 'boolean' ? '' : `=<${flag.options ? flag.options.join('|') : 'value'}>`
  return [
    `--${name}${flag.char ? `|-${flag.char}` : ''}${value}${flag.multiple ? '...' : ''}`,
    flag.allowNo ? `(--no-${name})` : '',
    flag.required ? 'required' : '',
    flag.env ? `$${flag.env}` : '',
  ]
    .filter(Boolean)
    .join(' ')
}

const surfaceOf = (command: CommandClass): string[] => [
  ...Object.entries(command.args ?? {}).map(([name, arg]) => (arg.required ? `<${name}>` : `[${name}]`)),
  ...Object.entries({...command.baseFlags, ...command.flags})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, flag]) => flagLine(name, flag)),
  ...(command.enableJsonFlag ? ['--json'] : []),
]

const loadCommands = async (): Promise<Record<string, CommandClass>> => {
  const dir = join(PKG_ROOT, 'commands')
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.ts'))
    .sort()
  const entries = await Promise.all(
    files.map(async (file) => {
      const module = (await import(join(dir, file))) as {default: CommandClass}
      return [file.replace(/\.ts$/, ''), module.default] as const
    }),
  )
  return Object.fromEntries(entries)
}

describe('the command surface', () => {
  let commands: Record<string, CommandClass>
  // importing every command transforms most of src/: more than a unit test's 5 s on a busy machine
  beforeAll(async () => {
    commands = await loadCommands()
  }, 60_000)

  it('has these commands, flags, env vars and args', () => {
    expect(Object.fromEntries(Object.entries(commands).map(([id, command]) => [id, surfaceOf(command)])))
      .toMatchInlineSnapshot(`
        {
          "cutover": [
            "--allow-failures",
            "--base=<value> $CONDAMIG_BASE",
            "--dry-run",
            "--rewrite-kernels",
            "--yes",
            "--json",
          ],
          "export": [
            "--base=<value> $CONDAMIG_BASE",
            "--env=<value>...",
            "--parallel=<value> $CONDAMIG_PARALLEL",
            "--json",
          ],
          "install": [
            "[installer]",
            "--adopt",
            "--allow-root $CONDAMIG_ALLOW_ROOT",
            "--base=<value> $CONDAMIG_BASE",
            "--name=<value> required",
            "--json",
          ],
          "inventory": [
            "--base=<value> $CONDAMIG_BASE",
            "--write",
            "--json",
          ],
          "plan": [
            "--base=<value> $CONDAMIG_BASE",
            "--env=<value>...",
            "--json",
          ],
          "replicate": [
            "--allow-root $CONDAMIG_ALLOW_ROOT",
            "--base=<value> $CONDAMIG_BASE",
            "--dry-run",
            "--env=<value>...",
            "--keep-failed",
            "--parallel=<value> $CONDAMIG_PARALLEL",
            "--retry-failed",
            "--timeout=<value> $CONDAMIG_TIMEOUT",
            "--json",
          ],
          "rollback": [
            "--base=<value> $CONDAMIG_BASE",
            "--dry-run",
            "--yes",
            "--json",
          ],
          "status": [
            "--base=<value> $CONDAMIG_BASE",
            "--json",
          ],
          "verify": [
            "--allow-root $CONDAMIG_ALLOW_ROOT",
            "--base=<value> $CONDAMIG_BASE",
            "--env=<value>...",
            "--json",
          ],
        }
      `)
  })

  it('gives every command a summary and an example with long flags, and every flag a summary (STYLE §18)', () => {
    for (const [id, command] of Object.entries(commands)) {
      expect(command.summary, id).toBeTruthy()
      expect(command.examples?.length, id).toBeGreaterThan(0)
      for (const example of command.examples ?? []) expect(example, id).not.toMatch(/\s-[a-z]\b/)
      for (const [name, flag] of Object.entries({...command.baseFlags, ...command.flags})) {
        expect(flag.summary, `${id} --${name}`).toBeTruthy()
      }
    }
  })
})
