/** Whether the name is already normalised: lowercase letters, digits and single `-` (most conda names are). */
const isNormal = (name: string): boolean => {
  for (let index = 0; index < name.length; index++) {
    const code = name.charCodeAt(index)
    const plain = (code >= 97 && code <= 122) || (code >= 48 && code <= 57)
    if (!plain && !(code === 45 && index > 0 && name.charCodeAt(index - 1) !== 45 && index < name.length - 1)) {
      return false
    }
  }

  return true
}

/**
 * A distribution name normalised per PEP 503: lowercase, every run of `-`, `_` and `.` becomes one `-`.
 * `Typing_Extensions`, `typing.extensions` and `typing-extensions` are the same project to pip; condamig
 * uses this to compare pip entries with conda package names (CONTRACT §5.3).
 */
export const normalizeName = (name: string): string =>
  isNormal(name)
    ? name
    : name
        .trim()
        .toLowerCase()
        .replace(/[-_.]+/g, '-')
