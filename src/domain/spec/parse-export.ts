import {buildEnvSpec, specError} from './build-env-spec.js'
import type {EnvSpec} from './env-spec.js'
import {readEnvYaml} from './read-env-yaml.js'
import {scanEnvLines} from './scan-env-lines.js'

/** The first line with content, for errors about the file as a whole. */
const firstContent = (text: string): {line: number; text: string} => {
  const lines = text.split(/\r\n|\r|\n/)
  const index = lines.findIndex((line) => line.trim() !== '' && !line.trim().startsWith('#'))
  return index < 0 ? {line: 1, text: ''} : {line: index + 1, text: (lines[index] ?? '').trim()}
}

const NOT_ENV = 'not an environment file: expected a mapping with `name:` and/or `dependencies:`'

/**
 * Parses an environment file: `conda env export` output (with builds, `--no-builds`, `--from-history`), an
 * override or a hand-written file. Reads the common block style with a fast line scanner, anything else with
 * the YAML library, and a file the YAML library rejects with a tolerant line reader (noting it in `warnings`).
 * Line numbers are kept on every dependency. Throws BadInputError (`file:line: value: what`) for a file that is
 * not an environment file, or a dependency that is neither a package spec string nor the `pip:` list.
 */
export const parseExport = (text: string, file: string): EnvSpec => {
  const fast = scanEnvLines(text, 'strict')
  if (fast !== undefined) return buildEnvSpec(fast, file)
  const read = readEnvYaml(text)
  if (read.kind === 'env') {
    if (read.file.name === undefined && read.file.dependencies === undefined) {
      const first = firstContent(text)
      throw specError(file, first.line, first.text, `${NOT_ENV} (it has neither)`)
    }

    return buildEnvSpec(read.file, file)
  }

  if (read.kind === 'not-a-map') {
    const what = read.what === 'empty' ? 'the file is empty' : `the top level is ${read.what}`
    throw specError(file, read.line, read.text, `${NOT_ENV}; ${what}`)
  }

  // Not YAML: conda itself would stop here; read what a human clearly meant and say so in the plan.
  const tolerant = scanEnvLines(text, 'tolerant')
  const where = read.message.split('\n')[0] ?? read.message
  if (tolerant === undefined || (tolerant.name === undefined && tolerant.dependencies === undefined)) {
    const line = (text.split(/\r\n|\r|\n/)[read.line - 1] ?? '').trim()
    throw specError(file, read.line, line, `not valid YAML, and no environment could be read from it: ${where}`)
  }

  tolerant.warnings.unshift(`line ${read.line}: not valid YAML (${where}); read line by line instead`)
  return buildEnvSpec(tolerant, file)
}
