/** One comparable piece of a version: numbers compare numerically, words by the conda-like order below. */
type Part = number | string

/** Words that sort before a release (`1.0dev < 1.0a < 1.0rc < 1.0`) or after it (`1.0 < 1.0post1`). */
const wordRank = (word: string): number => (word === 'dev' ? -2 : word === 'post' ? 2 : -1)

const parts = (version: string): {epoch: number; parts: Part[]} => {
  const trimmed = version.trim().toLowerCase().replace(/^v/, '').replace(/\+.*$/, '')
  const bang = trimmed.indexOf('!')
  const epoch = bang > 0 ? Number.parseInt(trimmed.slice(0, bang), 10) || 0 : 0
  const rest = bang > 0 ? trimmed.slice(bang + 1) : trimmed
  const found: Part[] = []
  for (const [token] of rest.matchAll(/\d+|[a-z]+/g)) found.push(/^\d/.test(token) ? Number(token) : token)
  return {epoch, parts: found}
}

const comparePart = (a: Part, b: Part): number => {
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b)
  if (typeof a === 'string' && typeof b === 'string') {
    const rank = wordRank(a) - wordRank(b)
    return rank === 0 ? Math.sign(a.localeCompare(b, 'en')) : Math.sign(rank)
  }

  // a word against a number (or a missing part, taken as 0): the word is a pre-release unless it is `post`
  const word = typeof a === 'string' ? a : (b as string)
  const wordFirst = word === 'post' ? 1 : -1
  return typeof a === 'string' ? wordFirst : -wordFirst
}

/**
 * Compares dotted versions numerically: negative when a < b, 0 when equal, positive when a > b.
 *
 * Missing parts count as 0 (`3.8` = `3.8.0` < `3.8.18`), a leading `v` and a `+local` suffix are ignored, an
 * `N!` epoch wins over everything. Letters split a part like conda's VersionOrder does: `2023c` is 2023 then `c`,
 * a word sorts before a number so `1.0rc1 < 1.0` (and `2023c < 2023`, as conda orders tzdata), `dev` is earliest
 * and `post` is after the release. Totally ordered and never throws; garbage compares as `0`.
 */
export const compareVersions = (a: string, b: string): number => {
  const left = parts(a)
  const right = parts(b)
  if (left.epoch !== right.epoch) return Math.sign(left.epoch - right.epoch)
  const length = Math.max(left.parts.length, right.parts.length)
  for (let index = 0; index < length; index++) {
    const result = comparePart(left.parts[index] ?? 0, right.parts[index] ?? 0)
    if (result !== 0) return result
  }

  return 0
}
