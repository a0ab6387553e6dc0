import {existsSync, readdirSync} from 'node:fs'
import {join} from 'node:path'

import {confineTo} from './base-confinement.js'
import {readBaseFile} from './safe-read.js'

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

/** A kernel.json is a few hundred bytes. */
const MAX_KERNEL_BYTES = 1024 * 1024

/**
 * Reads `<kernelsDir>/<name>/kernel.json` of every kernel; a spec that does not parse is returned with its problem.
 * kernel.json is read only as a regular file inside BASE (with `base`) or the kernels dir: a FIFO, a device or a link
 * leading elsewhere (a co-admin's `kernel.json -> /etc/shadow`) is a typed error naming it (system/safe-read.ts),
 * never parsed, so none of its text reaches a message.
 */
export const readKernelSpecs = (kernelsDir: string, options: {base?: string} = {}): KernelSpec[] => {
  if (!existsSync(kernelsDir)) return []
  const within = confineTo(options.base ?? kernelsDir, [kernelsDir])
  const specs: KernelSpec[] = []
  for (const entry of readdirSync(kernelsDir, {withFileTypes: true})) {
    if (!entry.isDirectory() && !entry.isSymbolicLink()) continue
    const file = join(kernelsDir, entry.name, 'kernel.json')
    const text = readBaseFile(file, {what: 'kernel spec', within, maxBytes: MAX_KERNEL_BYTES})
    if (text === undefined) continue
    const name = entry.name
    try {
      const document = JSON.parse(text) as Record<string, unknown>
      const argv = document.argv
      if (!Array.isArray(argv) || typeof argv[0] !== 'string') {
        specs.push({name, file, document, problem: 'no argv[0]'})
        continue
      }

      const displayName = typeof document.display_name === 'string' ? document.display_name : undefined
      specs.push({name, file, argv0: argv[0], displayName, document})
    } catch (error) {
      specs.push({name, file, problem: `unreadable kernel.json: ${(error as Error).message}`})
    }
  }

  return specs.sort((a, b) => a.name.localeCompare(b.name))
}
