/**
 * The pip requirement to install a VCS URL with: `git+URL@ref#egg=name`. pip 23 rejects the PEP 508 form
 * `name @ git+file:///path` ("It looks like a path", transcript env-create-pip-invalid-requirement) but takes this
 * one everywhere (env-create-pip-ok), so the name goes into `#egg=`.
 */
export const vcsRequirement = (url: string, name?: string): string => {
  const trimmed = url.trim()
  if (name === undefined || /[#&]egg=/.test(trimmed)) return trimmed
  return `${trimmed}${trimmed.includes('#') ? '&' : '#'}egg=${name}`
}
