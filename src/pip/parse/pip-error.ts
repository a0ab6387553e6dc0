const PACKAGE_PATTERNS = [
  /No matching distribution found for (\S+)/g,
  /Could not find a version that satisfies the requirement (\S+)/g,
  /Invalid requirement: '([^']+)'/g,
]

/**
 * The requirements pip could not install, as pip printed them (`hlink-private==0.2.0`, or the whole
 * rejected line for an invalid requirement: transcripts env-create-pip-invalid-requirement.txt).
 */
export const pipErrorPackages = (text: string): string[] => {
  const found = PACKAGE_PATTERNS.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1] ?? ''))
  return [...new Set(found.filter((item) => item !== ''))]
}

/**
 * The lines of pip output that say what went wrong: `ERROR: …`, the `Hint:` after an invalid requirement,
 * and git's `fatal:`/`error:` lines when a VCS checkout fails. Capped: the rest is in the log.
 */
export const pipErrorLines = (text: string, maxLines = 8): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^(ERROR:|Hint:|fatal:|error:)/.test(line))
    .slice(0, maxLines)

/** The text conda prints after `Pip subprocess error:` (stderr), up to its own `XxxException:` line. */
export const pipSectionOfConda = (stderr: string): string | undefined => {
  const start = stderr.indexOf('Pip subprocess error:')
  if (start === -1) return undefined
  const section = stderr.slice(start + 'Pip subprocess error:'.length)
  const end = section.search(/^\s*CondaEnvException:/m)
  return end === -1 ? section : section.slice(0, end)
}
