import {BadInputError} from '../../errors.js'
import {quoteValue} from './quote-value.js'

/** Longest file name most filesystems allow (NAME_MAX); a longer env name cannot be a directory. */
const MAX_NAME_BYTES = 255

/** Letters and digits of any script, plus `_ - .` (conda's own rule is looser; this is the contract's). */
const NAME_CHARS = /^[\p{L}\p{N}_.-]+$/u

/**
 * Why `name` is not an acceptable conda environment name, or undefined when it is.
 *
 * The contract allows letters, digits, `_ - .`. Everything that could leave `envs/` or be read as something else is
 * refused: path separators, `.`/`..` (any all-dots name), a leading `-` (an option to conda), whitespace, `#` and
 * `:` (conda refuses them too), NUL. `base` and `root` are refused because `conda … --name base` means the root
 * environment itself, not `envs/base`.
 */
export const envNameProblem = (name: string): string | undefined => {
  if (name === '') return 'is empty'
  if (name.includes('\0')) return 'contains a NUL byte'
  if (/[/\\]/.test(name)) return 'contains a path separator (it could escape envs/)'
  if (/^\.+$/.test(name)) return 'is a relative path (it could escape envs/)'
  if (name.startsWith('-')) return "starts with '-' (conda would read it as an option)"
  if (/\s/u.test(name)) return 'contains whitespace'
  if (/[#:]/.test(name)) return "contains '#' or ':' (conda refuses them in names)"
  if (!NAME_CHARS.test(name)) return 'may only contain letters, digits, _ - .'
  if (name === 'base' || name === 'root') return "is conda's name for the root environment"
  if (new TextEncoder().encode(name).length > MAX_NAME_BYTES) return `is longer than ${MAX_NAME_BYTES} bytes`
  return undefined
}

/** True when `name` is an acceptable conda environment name (see {@link envNameProblem}). */
export const isValidEnvName = (name: string): boolean => envNameProblem(name) === undefined

/**
 * Throws a BadInputError (exit 2, code `env-name.invalid`) when `name` is not acceptable.
 * `where` says where the name came from, e.g. `--env` or `/pkg/conda/condamig.ini:7`.
 */
export const assertValidEnvName = (name: string, where: string): string => {
  const problem = envNameProblem(name)
  if (problem !== undefined) {
    throw new BadInputError(
      'env-name.invalid',
      `${where}: ${quoteValue(name)} is not a valid environment name: ${problem}`,
      {
        hint: 'Environment names may only contain letters, digits, _ - . and must not start with - or be . or ..',
      },
    )
  }

  return name
}
