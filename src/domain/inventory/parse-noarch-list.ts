import {BadInputError} from '../../errors.js'
import {quoteValue} from './quote-value.js'

/** A conda package name: letters, digits, `_ . -`, not starting with `.` or `-`. */
const PACKAGE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/

/**
 * Parses the `noarch_packages` file (CONTRACT §2): one local noarch package name per line. Blank lines, `#` comment
 * lines, inline ` # comments`, CRLF and a BOM are fine; duplicates are kept once, in first-seen order. Anything that
 * is not a bare package name (a version pin, two names on a line) throws BadInputError `noarch.bad-name` naming
 * `file:line`. Pure.
 */
export const parseNoarchList = (text: string, file: string): string[] => {
  const names: string[] = []
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)
  for (const [index, line] of lines.entries()) {
    const name = line.replace(/(^|\s)#.*$/, '').trim()
    if (name === '') continue
    if (!PACKAGE_NAME.test(name)) {
      throw new BadInputError('noarch.bad-name', `${file}:${index + 1}: ${quoteValue(name)} is not a package name`, {
        hint: 'Write one package name per line, without a version.',
      })
    }

    if (!names.includes(name)) names.push(name)
  }

  return names
}
