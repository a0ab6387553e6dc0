/** Virtual packages and solver features: the classic solver's spurious `__glibc` lines (README point 6). */
const isSpurious = (spec: string): boolean =>
  spec.startsWith('__') || spec.startsWith('feature:') || spec.includes('::__')

const unique = (items: string[]): string[] => [...new Set(items)]

/**
 * The bullet items (`  - nosuchpkg=1.0`) of a PackagesNotFound / ResolvePackageNotFound message, before its
 * "Current channels:" list.
 */
export const missingPackagesFromText = (message: string): string[] => {
  const beforeChannels = message.split(/^\s*Current channels:/m)[0] ?? ''
  const bullets = [...beforeChannels.matchAll(/^\s+- (\S.*?)\s*$/gm)].map((match) => match[1] ?? '')
  return unique(bullets.filter((spec) => spec !== '' && !isSpurious(spec)))
}

/**
 * Channel URLs named by a message: the bullets after "Current channels:" (the channels conda searched), or
 * the `<URL>` of "… for channel conda-forge <file:///…/conda-forge>" (UnavailableInvalidChannel).
 */
export const channelsFromText = (message: string): string[] => {
  const after = message.split(/^\s*Current channels:/m)[1]
  const invalid = /for channel \S+ <([^>\s]+)>/.exec(message)?.[1]
  if (after === undefined) return invalid ? [invalid] : []
  const block = after.replace(/^\s*\n/, '').split(/\n\s*\n/)[0] ?? ''
  return unique([...block.matchAll(/^\s+- (\S+)\s*$/gm)].map((match) => match[1] ?? '').filter(Boolean))
}

/**
 * The requested specs of an UnsatisfiableError text: the first element of each "Package X conflicts for:"
 * chain (`numpy=1.26 -> python[…]` → `numpy=1.26`), without the "incompatible with your system" section
 * (conda glues it to the previous line: `python=3.8The following specifications…`). For an install into an
 * env the form is "Specifications:" bullets plus "Your python: python=3.8" (transcripts install-unsatisfiable).
 */
export const conflictingSpecsFromText = (message: string): string[] => {
  const [conflicts = ''] = message.split('The following specifications were found to be incompatible with your system')
  const specs: string[] = []
  let inBlock = false
  for (const raw of conflicts.split('\n')) {
    const line = raw.trim()
    const yourPython = /^Your python: (\S+)$/.exec(line)
    if (yourPython?.[1]) {
      specs.push(yourPython[1])
      inBlock = false
    } else if (/^Package .+ conflicts for:$/.test(line) || line === 'Specifications:') inBlock = true
    else if (line === '' || line.endsWith(':')) inBlock = false
    else if (inBlock) specs.push((line.replace(/^- /, '').split(' -> ')[0] ?? '').trim())
  }
  return unique(specs.filter((spec) => spec !== '' && !isSpurious(spec)))
}

/** The requested specs of the JSON `unsatisfiable` field: a list of dependency chains, head first. */
export const conflictingSpecsFromChains = (chains: unknown): string[] => {
  if (!Array.isArray(chains)) return []
  const heads = chains.map((chain: unknown) => (Array.isArray(chain) ? chain[0] : undefined))
  return unique(heads.filter((head): head is string => typeof head === 'string' && !isSpurious(head)))
}
