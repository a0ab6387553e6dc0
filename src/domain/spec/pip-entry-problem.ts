/** \n \r \v \f, FS GS RS, NEL, LS, PS: every break Python's str.splitlines() splits on (control characters on purpose). */
// eslint-disable-next-line no-control-regex
const LINE_BREAK = /[\n\r\v\f\u001C-\u001E\u0085\u2028\u2029]/

/**
 * Why one pip entry of a spec must not reach pip, or undefined when it is plain data. pip reads the requirements
 * file replicate writes line by line (Python's `splitlines`), joins a line ending in `\` to the next, expands
 * `${NAME}` from the environment, and reads every blank-separated word starting with `-` as an option
 * (`break_args_options`). A spec is written by an environment's owner, and replicate may run as an admin: each of
 * those would let an entry become something other than one requirement (issue 8, point 6).
 */
export const pipEntryProblem = (text: string): string | undefined => {
  if (LINE_BREAK.test(text)) {
    return 'holds a line break: pip would read what follows it as an entry of its own'
  }

  if (text.endsWith('\\')) return 'ends with `\\`: pip would join the next entry to it'
  const variable = /\$\{[A-Z0-9_]+\}/.exec(text)?.[0]
  if (variable !== undefined) {
    return `pip would replace ${variable} with that variable of the environment replicate runs in`
  }

  const option = text.split(/\s+/).find((word, index) => index > 0 && word.startsWith('-'))
  if (option !== undefined) return `pip would read \`${option}\` as an option of this line`
  return undefined
}

/**
 * A VCS URL whose revision starts with `-` (`hg+https://host/repo@--config=…`): pip hands the revision to the VCS
 * command, which reads it as an option (CVE-2023-5752 for Mercurial).
 */
export const vcsRevisionProblem = (url: string): string | undefined => {
  const beforeFragment = url.split('#')[0] ?? ''
  return /@-/.test(beforeFragment)
    ? 'its revision (after `@`) starts with `-`: the VCS command would read it as an option'
    : undefined
}
