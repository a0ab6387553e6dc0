// The static import graph of a built module: which files and which npm packages loading it pulls in. Used by the
// start-up benchmark to say what `condamig status` costs at start-up, package by package.
import {existsSync, readFileSync} from 'node:fs'
import {dirname, resolve} from 'node:path'

/** Files reached (absolute paths) and bare packages imported (`@scope/name` or `name`, no `node:` builtins). */
export type ImportGraph = {files: string[]; packages: string[]}

// static `import … from '…'`, `export … from '…'`, bare `import '…'`; dynamic imports are left out on purpose: they
// do not cost start-up unless reached
const IMPORT = /^\s*(?:import|export)\s(?:[^'"]*?\sfrom\s)?['"]([^'"]+)['"]/gm

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
export const packageName = (specifier: string): string => {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier)
}

/** The specifiers a module's source imports statically, in order. */
export const staticImports = (source: string): string[] => [...source.matchAll(IMPORT)].map((match) => match[1] ?? '')

/** Follows relative imports from `entry` (a .js file) and collects the bare packages on the way. */
export const importGraph = (entry: string): ImportGraph => {
  const files = new Set<string>()
  const packages = new Set<string>()
  const visit = (file: string) => {
    if (files.has(file) || !existsSync(file)) return
    files.add(file)
    for (const specifier of staticImports(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier))
      else if (!specifier.startsWith('node:')) packages.add(packageName(specifier))
    }
  }

  visit(resolve(entry))
  return {files: [...files].sort(), packages: [...packages].sort()}
}
