/** The conda installers administrators use; all take `bash INSTALLER -b -p PREFIX`. */
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
  product: string
  /** `py311_23.7.4-0`, `26.7.1-0`, `2020.02`, when the header or the name says it. */
  version?: string
  /** How it was recognised: the `# NAME:` header real installers start with, or the file name. */
  via: 'header' | 'name'
}

const PRODUCT = INSTALLER_PRODUCTS.join('|')
const BY_NAME = new RegExp(`^(${PRODUCT})(?:-(.+?))?(?:-(Linux|MacOSX|Windows)-[\\w]+)?\\.sh$`, 'i')
const HEADER_NAME = new RegExp(`^#\\s*NAME:\\s*(${PRODUCT})\\s*$`, 'im')
const HEADER_VERSION = /^#\s*VER:\s*(\S+)\s*$/im
const HEADER_PLATFORM = /^#\s*PLAT:\s*(\S+)\s*$/im

/** The product's canonical spelling (`miniforge3` → `Miniforge3`). */
const canonical = (product: string): string =>
  INSTALLER_PRODUCTS.find((known) => known.toLowerCase() === product.toLowerCase()) ?? product

/**
 * Recognises a Miniconda / Miniforge / Mambaforge / Anaconda shell installer by the `# NAME:` header at the top of
 * every real one (`head` = its first few KiB), else by its file name (`Miniforge3-26.7.1-0-Linux-x86_64.sh`).
 * Undefined for anything else. Pure.
 */
export const identifyInstaller = (fileName: string, head: string): InstallerKind | undefined => {
  const header = HEADER_NAME.exec(head)?.[1]
  if (header !== undefined) {
    const version = HEADER_VERSION.exec(head)?.[1]
    return {product: canonical(header), ...(version && {version}), via: 'header'}
  }

  const named = BY_NAME.exec(fileName)
  if (!named?.[1]) return undefined
  return {product: canonical(named[1]), ...(named[2] && {version: named[2]}), via: 'name'}
}

/**
 * Why an installer made for another system cannot install here (`# PLAT: osx-64`, `…-MacOSX-x86_64.sh`), or
 * undefined. `platform` is conda's name for this machine (`linux-64`, `linux-aarch64`).
 */
export const installerPlatformProblem = (fileName: string, head: string, platform: string): string | undefined => {
  const plat = HEADER_PLATFORM.exec(head)?.[1]
  if (plat !== undefined) return plat === platform ? undefined : `it is built for ${plat}, this machine is ${platform}`
  const system = /-(MacOSX|Windows)-/i.exec(fileName)?.[1]
  return system === undefined ? undefined : `it is a ${system} installer, this machine is ${platform}`
}
