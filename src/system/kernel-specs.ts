import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

/** One Jupyter kernel spec found under the kernels dir. */
export type KernelSpec = {
  name: string
  file: string
  argv0?: string
  displayName?: string
  /** Set when kernel.json could not be read or has no argv: reported, never fatal. */
  problem?: string
  /** The parsed document, kept so a rewrite changes argv[0] only. */
  document?: Record<string, unknown>
}

/** Reads `<kernelsDir>/<name>/kernel.json` of every kernel; a broken spec is returned with its problem. */
export const readKernelSpecs = (kernelsDir: string): KernelSpec[] => {
  if (!existsSync(kernelsDir)) return []
  return readdirSync(kernelsDir, {withFileTypes: true})
    .filter((entry) => entry.isDirectory() || entry.isSymbolicLink())
    .map((entry) => join(kernelsDir, entry.name, 'kernel.json'))
    .filter((file) => existsSync(file))
    .map((file) => {
      const name = file.split('/').at(-2) ?? file
      try {
        const document = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
        const argv = document.argv
        if (!Array.isArray(argv) || typeof argv[0] !== 'string') return {name, file, document, problem: 'no argv[0]'}
        const displayName = typeof document.display_name === 'string' ? document.display_name : undefined
        return {name, file, argv0: argv[0], displayName, document}
      } catch (error) {
        return {name, file, problem: `unreadable kernel.json: ${(error as Error).message}`}
      }
    })
    .sort((a, b) => a.name.localeCompare(b.name))
}
