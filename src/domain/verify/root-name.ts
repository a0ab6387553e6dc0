import {BadInputError} from '../../errors.js'
import {envNameProblem} from '../inventory/env-name.js'
import {quoteValue} from '../inventory/quote-value.js'

/** Names in BASE that are condamig's own (CONTRACT §1): a root must not take them. */
export const RESERVED_ROOT_NAMES: readonly string[] = [
  'current',
  'qa',
  'envs',
  'env_specs',
  'reports',
  'logs',
  'kernels',
]

/**
 * Why `name` cannot be a root beside the others in BASE (`condamig install --name`), or undefined. The characters
 * are those of env names (it becomes a directory and a link target); condamig's own names and dot-names (hidden,
 * `.condamig`) are refused. `base` and `root` are fine here: they only mean something to conda's `--name`.
 */
export const rootNameProblem = (name: string): string | undefined => {
  if (RESERVED_ROOT_NAMES.includes(name))
    return `is one of condamig's own names in BASE (${RESERVED_ROOT_NAMES.join(', ')})`
  if (name.startsWith('.')) return "starts with '.' (hidden names are condamig's own)"
  if (name === 'base' || name === 'root') return undefined
  return envNameProblem(name)
}

/** Throws BadInputError (exit 2, `root-name.invalid`) for a name rootNameProblem refuses; returns it otherwise. */
export const assertValidRootName = (name: string): string => {
  const problem = rootNameProblem(name)
  if (problem === undefined) return name
  throw new BadInputError('root-name.invalid', `--name ${quoteValue(name)} is not a valid root name: it ${problem}`, {
    hint: 'name the root after its version, e.g. --name v4.8 (letters, digits, _ - .)',
  })
}
