/** The upstream conda installers, also known by their file name; all take `bash INSTALLER -b -p PREFIX`. */
export const INSTALLER_PRODUCTS = [
  'Miniconda3',
  'Miniconda2',
  'Miniconda',
  'Miniforge3',
  'Miniforge-pypy3',
  'Miniforge',
  'Mambaforge-pypy3',
  'Mambaforge',
  'Anaconda3',
  'Anaconda2',
  'Anaconda',
] as const

export type InstallerKind = {
  /** An upstream product (`Miniforge3`) or the `# NAME:` of a site's own constructor installer (`IPUMS-Conda`). */
  product: string
  /** `py311_23.7.4-0`, `26.7.1-0`, `2020.02`, when the header or the name says it. */
  version?: string
  /** How it was recognised: the constructor `# NAME:` header every installer starts with, or the file name. */
  via: 'header' | 'name'
}

export type InstallerVerdict = {ok: true; kind: InstallerKind} | {ok: false; problem: string}

const PRODUCT = INSTALLER_PRODUCTS.join('|')
const BY_NAME = new RegExp(`^(${PRODUCT})(?:-(.+?))?(?:-(Linux|MacOSX|Windows)-[\\w]+)?\\.sh$`, 'i')
const SHELL_LINE = /^#!.*\b(?:ba|da|k|z)?sh\b/
// constructor's template placeholders, by era: __NAME__ / @LINES@ (before 3.10), {{ installer_name }} (jinja)
const PLACEHOLDER = /__[A-Z_]+__|@[A-Z_]+@|\{\{/
// every constructor header since 2016 parses its options with `getopts "bfhp:…"` (-b batch, -p PREFIX)
const GETOPTS = /\bgetopts\s+["']?([A-Za-z:]+)/g

/** The product's canonical spelling (`miniforge3` → `Miniforge3`), or undefined for another name. */
const upstream = (product: string): string | undefined =>
  INSTALLER_PRODUCTS.find((known) => known.toLowerCase() === product.toLowerCase())

/** `# KEY: value` fields of the leading comment block (constructor writes NAME, VER, PLAT, MD5 right after `#!`). */
const headerFields = (head: string): Map<string, string> => {
  const fields = new Map<string, string>()
  for (const line of head.split('\n', 40)) {
    if (!line.startsWith('#')) break
    const field = /^#\s*([A-Z]+):\s*(.*?)\s*$/i.exec(line)
    if (field?.[1] && field[2] && !fields.has(field[1].toUpperCase())) fields.set(field[1].toUpperCase(), field[2])
  }

  return fields
}

const takesBatchPrefix = (head: string): boolean =>
  [...head.matchAll(GETOPTS)].some(([, options = '']) => options.includes('b') && options.includes('p:'))

/** What a file that is not even a shell script is, from its first bytes. */
const notAScript = (head: string): string => {
  if (head === '') return 'the file is empty'
  if (head.startsWith('\u001F\u008B')) return 'it is a gzip archive (a tarball?)'
  if (head.startsWith('PK\u0003\u0004')) return 'it is a zip archive'
  if (head.startsWith('BZh') || head.startsWith('\u00FD7zXZ')) return 'it is a compressed archive'
  if (head.slice(257, 262) === 'ustar') return 'it is a tar archive'
  if (head.startsWith('\u007FELF')) return 'it is a binary program'
  if (head.includes('\u0000')) return 'it is a binary file'
  if (/^\s*<(?:!doctype|html|head|body|\?xml)/i.test(head)) return 'it is an HTML page (a failed download?)'
  return 'it is not a shell script (no #!/bin/sh line)'
}

/** A site's own constructor installer: any `# NAME:`, with the header and the `-b -p PREFIX` options of the template. */
const siteInstaller = (name: string, fields: Map<string, string>, head: string): InstallerVerdict => {
  const missing = ['VER', 'PLAT'].filter((key) => !fields.has(key))
  if (missing.length > 0) {
    return {ok: false, problem: `its # NAME: ${name} header has no ${missing.map((key) => `# ${key}:`).join(' or ')}`}
  }

  if (!takesBatchPrefix(head)) return {ok: false, problem: 'it does not take -b -p PREFIX (no getopts with b and p:)'}
  const version = fields.get('VER')
  return {ok: true, kind: {product: name, ...(version && {version}), via: 'header'}}
}

/**
 * Whether a file (`head` = its first bytes) is a conda installer: a shell script made by conda's constructor, known by
 * the `# NAME:` / `# VER:` / `# PLAT:` header it starts with (an upstream product, or any name with the template's
 * `-b -p PREFIX` options), else an upstream installer by its file name (`Miniforge3-26.7.1-0-Linux-x86_64.sh`).
 * Otherwise why not: an HTML page, a tarball, a plain script. Pure.
 */
export const examineInstaller = (fileName: string, head: string): InstallerVerdict => {
  if (!SHELL_LINE.test(head.split('\n', 1)[0] ?? '')) return {ok: false, problem: notAScript(head)}
  const fields = headerFields(head)
  const name = fields.get('NAME')
  if (name !== undefined) {
    const unfilled = [...fields.values()].find((value) => PLACEHOLDER.test(value))
    if (unfilled !== undefined) {
      return {ok: false, problem: `its header is an unfilled constructor template (${unfilled})`}
    }

    const product = upstream(name)
    const version = fields.get('VER')
    if (product !== undefined) return {ok: true, kind: {product, ...(version && {version}), via: 'header'}}
    return siteInstaller(name, fields, head)
  }

  const named = BY_NAME.exec(fileName)
  if (!named?.[1]) return {ok: false, problem: 'it is a shell script without the # NAME: header of an installer'}
  return {ok: true, kind: {product: upstream(named[1]) ?? named[1], ...(named[2] && {version: named[2]}), via: 'name'}}
}

/** The installer's kind (see examineInstaller), undefined for anything that is not one. Pure. */
export const identifyInstaller = (fileName: string, head: string): InstallerKind | undefined => {
  const verdict = examineInstaller(fileName, head)
  return verdict.ok ? verdict.kind : undefined
}

/**
 * Why an installer made for another system cannot install here (`# PLAT: osx-64`, `…-MacOSX-x86_64.sh`), or
 * undefined. `platform` is conda's name for this machine (`linux-64`, `linux-aarch64`).
 */
export const installerPlatformProblem = (fileName: string, head: string, platform: string): string | undefined => {
  const plat = headerFields(head).get('PLAT')
  if (plat !== undefined) return plat === platform ? undefined : `it is built for ${plat}, this machine is ${platform}`
  const system = /-(MacOSX|Windows)-/i.exec(fileName)?.[1]
  return system === undefined ? undefined : `it is a ${system} installer, this machine is ${platform}`
}
