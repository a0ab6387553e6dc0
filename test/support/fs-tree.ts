import {chmodSync, mkdirSync, symlinkSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'

/** A symlink in a tree. Targets are written as given (relative ones stay relative, as the contract wants). */
export class TreeLink {
  readonly target: string
  constructor(target: string) {
    this.target = target
  }
}

/** A file with an explicit mode (e.g. an executable bin/conda). */
export class TreeFile {
  readonly content: string
  readonly mode: number
  constructor(content: string, mode: number) {
    this.content = content
    this.mode = mode
  }
}

/** Names map to file content, a nested directory, a link or a file with a mode. Names may contain `/`. */
export type Tree = {[name: string]: string | Uint8Array | TreeLink | TreeFile | Tree}

/** `link('v4.3')`: a symlink entry. */
export const link = (target: string): TreeLink => new TreeLink(target)

/** `file('#!/bin/sh\n', 0o755)`: a file with a mode. */
export const file = (content: string, mode: number): TreeFile => new TreeFile(content, mode)

/** The smallest directory isCondaRoot accepts: bin/conda, conda-meta/, envs/ and pkgs/. */
export const condaRootTree = (envs: string[] = []): Tree => ({
  bin: {conda: file('#!/bin/sh\necho "conda 0.0.0-test"\n', 0o755)},
  'conda-meta': {history: ''},
  envs: Object.fromEntries(envs.map((name) => [name, {'conda-meta': {history: ''}}])),
  pkgs: {},
})

/**
 * Builds `tree` under `dir` (which must exist or be creatable): files, directories and symlinks.
 * Refuses an empty `dir` so a mistake never writes relative to the working directory.
 */
export const makeTree = (dir: string, tree: Tree): string => {
  if (!dir) throw new Error('makeTree needs an explicit directory')
  mkdirSync(dir, {recursive: true})
  for (const [name, node] of Object.entries(tree)) {
    const path = join(dir, name)
    mkdirSync(dirname(path), {recursive: true})
    if (node instanceof TreeLink) symlinkSync(node.target, path)
    else if (node instanceof TreeFile) {
      writeFileSync(path, node.content)
      chmodSync(path, node.mode)
    } else if (typeof node === 'string' || node instanceof Uint8Array) writeFileSync(path, node)
    else makeTree(path, node)
  }
  return dir
}
