/** Longest value echoed back in a message; a pasted command line should not flood the terminal. */
const MAX_SHOWN = 80

/**
 * A value as error messages show it: on one line, in single quotes unless `quotes` is false. Control characters
 * (CR, LF, tab, NUL, …) are written as `\xNN` escapes so a message always stays a single line, and long values are
 * cut with `…`.
 */
export const quoteValue = (value: string, {quotes = true}: {quotes?: boolean} = {}): string => {
  const cut = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value
  // eslint-disable-next-line no-control-regex
  const visible = cut.replaceAll(/[\u0000-\u001F\u007F]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
  return quotes ? `'${visible}'` : visible
}
