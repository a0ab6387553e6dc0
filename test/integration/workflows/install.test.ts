import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it, onTestFinished, vi} from 'vitest'
import {parse} from 'yaml'

import {BadInputError, ExternalCommandError, InterruptedError, RefusedError} from '../../../src/errors.js'
import {condaPlatform} from '../../../src/workflows/install/check-installer.js'
import {install} from '../../../src/workflows/install.js'
import {constructorHeader} from '../../support/constructor-header.js'
import {DOUBLE_DIR, doubleEnv, installerPath, installRoot, writeWorld} from '../../support/double.js'
import {syntheticWorld, testContext} from '../../support/qa-base.js'

// install runs the fake installers of the conda double (fixtures/conda/installers) exactly as it runs real ones.

let dir: string
let base: string
let world: string

beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'condamig-install-')))
  base = join(dir, 'base')
  mkdirSync(base)
  world = writeWorld(join(dir, 'world'), syntheticWorld())
  // the installer is a child of condamig: it finds the double's world, node and python through the environment
  for (const [key, value] of Object.entries(doubleEnv(world))) vi.stubEnv(key, value)
})

afterEach(() => {
  vi.unstubAllEnvs()
  rmSync(dir, {recursive: true, force: true})
})

const MINIFORGE = installerPath('26.7.1')
const link = (name: string) => (existsSync(join(base, name)) ? readlinkSync(join(base, name)) : null)
const ini = (text: string) => writeFileSync(join(base, 'condamig.ini'), text)

/** A fake installer script with an installer's name: `body` gets the installer's arguments (-b -p PREFIX). */
const scriptInstaller = (name: string, body: string): string => {
  const file = join(dir, name)
  writeFileSync(file, `#!/bin/sh\nprefix="$3"\n${body}\n`)
  return file
}

/**
 * A site's own constructor installer, made from the double's Miniforge installer: constructor's header with the
 * site's `# NAME:` / `# VER:` and this machine's `# PLAT:`, the fake's run line (product and version renamed),
 * then `exit 0`, `@@END_HEADER@@` and a binary payload as in a real one.
 */
const siteInstaller = (fileName: string, exports: Record<string, string> = {}): string => {
  const run = readFileSync(MINIFORGE, 'utf8')
    .split('\n')
    .find((line) => line.startsWith('exec '))
    ?.replace('$(dirname "$0")/..', DOUBLE_DIR)
    .replace('Miniforge3 26.7.1-0', 'IPUMS-Conda 2024.06')
  const header = constructorHeader({name: 'IPUMS-Conda', version: '2024.06', platform: condaPlatform(), exports})
  const file = join(dir, fileName)
  writeFileSync(
    file,
    Buffer.concat([Buffer.from(`${header}${run}\nexit 0\n@@END_HEADER@@\n`), Buffer.from([0x1f, 0x8b, 8, 0, 0])]),
  )
  return file
}

describe('install', () => {
  it('runs the installer into BASE/NAME, writes its .condarc and points qa at it', async () => {
    // Given configured channels
    ini('[environments]\n[condamig]\nchannels = defaults, conda-forge\n')
    // When installing Miniforge as v26
    const result = await install(testContext(base), {installer: MINIFORGE, name: 'v26', adopt: false})
    // Then the root is there, checked, and qa points at it with a relative link
    expect(existsSync(join(base, 'v26', 'bin', 'conda'))).toBe(true)
    expect(link('qa')).toBe('v26')
    expect(result).toMatchObject({
      root: 'v26',
      dir: join(base, 'v26'),
      adopted: false,
      conda: '26.7.1',
      python: '3.13.7',
      installer: {file: MINIFORGE, product: 'Miniforge3', version: '26.7.1-0'},
      qa: {from: null, to: 'v26'},
      log: 'logs/install-v26.log',
    })
    expect(result.installer?.command).toBe(`bash ${MINIFORGE} -b -p ${join(base, 'v26')}`)
    // And .condarc has the configured channels in order, the root's pkgs first, no self-update
    const condarc = readFileSync(join(base, 'v26', '.condarc'), 'utf8')
    expect(condarc).toContain('channels: ["defaults", "conda-forge"]')
    expect(condarc).toContain(`pkgs_dirs: ["${join(base, 'v26', 'pkgs')}", "~/.conda/pkgs"]`)
    expect(condarc).toContain('auto_update_conda: false')
    expect(result.condarc.source).toBe('settings')
    // And the installer's output is in the log
    expect(readFileSync(join(base, 'logs', 'install-v26.log'), 'utf8')).toContain('installation finished.')
  })

  it('keeps the channels the installer shipped when none are configured, else writes defaults', async () => {
    const forge = await install(testContext(base), {installer: MINIFORGE, name: 'forge', adopt: false})
    expect(forge.condarc).toMatchObject({channels: ['conda-forge'], source: 'root'})
    const conda = await install(testContext(base), {installer: installerPath('23.7.4'), name: 'mini', adopt: false})
    expect(conda.condarc).toMatchObject({channels: ['defaults'], source: 'default'})
    expect(readFileSync(join(base, 'mini', '.condarc'), 'utf8')).toContain('channels: ["defaults"]')
  })

  it('refuses a non-empty BASE/NAME that is not a conda root, touching nothing', async () => {
    // Given a directory with someone's files
    mkdirSync(join(base, 'v26'))
    writeFileSync(join(base, 'v26', 'notes.txt'), 'keep me')
    // When installing there
    const error = await install(testContext(base), {installer: MINIFORGE, name: 'v26', adopt: false}).catch(
      (e: unknown) => e,
    )
    // Then it is refused (exit 3) and everything is as it was
    expect(error).toBeInstanceOf(RefusedError)
    expect((error as Error).message).toContain('is a directory that is not a conda root (holds notes.txt)')
    expect(readdirSync(join(base, 'v26'))).toEqual(['notes.txt'])
    expect(link('qa')).toBeNull()
    expect(existsSync(join(base, 'logs'))).toBe(false)
  })

  it('installs into an empty BASE/NAME (the installer itself would refuse it)', async () => {
    mkdirSync(join(base, 'v26'))
    await install(testContext(base), {installer: MINIFORGE, name: 'v26', adopt: false})
    expect(existsSync(join(base, 'v26', 'bin', 'conda'))).toBe(true)
  })

  it('refuses an existing conda root without --adopt, and adopts it with --adopt', async () => {
    // Given a root installed by hand, with its own .condarc
    await installRoot({base, name: 'v26', condaVersion: '26.7.1', world})
    writeFileSync(join(base, 'v26', '.condarc'), 'channels:\n  - conda-forge\n  - bioconda\nssl_verify: false\n')
    await expect(install(testContext(base), {installer: MINIFORGE, name: 'v26', adopt: false})).rejects.toThrow(
      /already a conda root/,
    )
    // When adopting it
    const result = await install(testContext(base), {name: 'v26', adopt: true})
    // Then its channels are kept, its old .condarc is backed up, and qa points at it
    expect(result).toMatchObject({adopted: true, installer: null, log: null, conda: '26.7.1'})
    expect(result.condarc.channels).toEqual(['conda-forge', 'bioconda'])
    expect(readFileSync(result.condarc.backup ?? '', 'utf8')).toContain('ssl_verify: false')
    expect(link('qa')).toBe('v26')
  })

  it('merges into the .condarc the root has, and carries what defaults meant in the current root', async () => {
    // Given a current root whose defaults is a site mirror (its .condarc), and channel_map moving one of them
    await installRoot({base, name: 'v23', condaVersion: '23.7.4', world})
    symlinkSync('v23', join(base, 'current'))
    writeFileSync(
      join(base, 'v23', '.condarc'),
      'default_channels:\n  - https://mirror.site/pkgs/main\n  - https://mirror.site/pkgs/r\nchannel_alias: https://mirror.site/conda\nsolver: libmamba\n',
    )
    ini('[environments]\n[condamig]\nchannel_map = https://mirror.site/pkgs/r=https://mirror.site/pkgs/r-2024\n')
    // And a new root whose installer shipped its own settings
    await installRoot({base, name: 'v26', condaVersion: '26.7.1', world})
    writeFileSync(
      join(base, 'v26', '.condarc'),
      '# site installer\nchannels:\n  - conda-forge\nsolver: classic\nssl_verify: /etc/site-ca.pem\nauto_update_conda: true\n',
    )
    // When adopting it
    const result = await install(testContext(base), {name: 'v26', adopt: true})
    // Then every key condamig does not set is kept, defaults means what it meant, mapped, and no self-update
    const rc = parse(readFileSync(join(base, 'v26', '.condarc'), 'utf8')) as Record<string, unknown>
    expect(rc).toMatchObject({
      channels: ['conda-forge'],
      solver: 'classic',
      ssl_verify: '/etc/site-ca.pem',
      auto_update_conda: false,
      default_channels: ['https://mirror.site/pkgs/main', 'https://mirror.site/pkgs/r-2024'],
      channel_alias: 'https://mirror.site/conda',
      pkgs_dirs: [join(base, 'v26', 'pkgs'), '~/.conda/pkgs'],
    })
    expect(readFileSync(join(base, 'v26', '.condarc'), 'utf8')).toContain('# site installer')
    expect(result.condarc).toMatchObject({
      carried: ['default_channels', 'channel_alias'],
      kept: ['solver', 'ssl_verify'],
      defaults: ['https://mirror.site/pkgs/main', 'https://mirror.site/pkgs/r-2024'],
    })
  })

  it('refuses --adopt where there is no conda root', async () => {
    await expect(install(testContext(base), {name: 'v26', adopt: true})).rejects.toThrow(
      /--adopt: .* is not a conda root/,
    )
  })

  it('refuses to make the production root the qa root', async () => {
    await installRoot({base, name: 'v23', condaVersion: '23.7.4', world})
    symlinkSync('v23', join(base, 'current'))
    await expect(install(testContext(base), {name: 'v23', adopt: true})).rejects.toThrow(/current -> v23/)
    expect(link('qa')).toBeNull()
  })

  it('refuses a root older than the minimums, names the versions, and leaves it in place without pointing qa', async () => {
    // Given qa pointing at another root
    await installRoot({base, name: 'v23', condaVersion: '23.7.4', world})
    symlinkSync('v23', join(base, 'qa'))
    // When installing conda 4.3.22 (min_conda defaults to 4.8)
    const error = await install(testContext(base), {
      installer: installerPath('4.3.22'),
      name: 'v43',
      adopt: false,
    }).catch((e: unknown) => e)
    // Then it is refused, the message names what was found and the minimum, the root stays, qa is unchanged
    expect(error).toBeInstanceOf(RefusedError)
    expect((error as Error).message).toMatch(/conda 4\.3\.22 is older than min_conda 4\.8/)
    expect((error as Error).message).toContain(`${join(base, 'v43')} is left in place`)
    expect(existsSync(join(base, 'v43', 'bin', 'conda'))).toBe(true)
    expect(link('qa')).toBe('v23')
  })

  it('refuses a root whose python is older than min_python', async () => {
    ini('[environments]\n[condamig]\nmin_python = 3.12\n')
    await expect(
      install(testContext(base), {installer: installerPath('23.7.4'), name: 'v23', adopt: false}),
    ).rejects.toThrow(/python 3\.11\.\d+ is older than min_python 3\.12/)
  })

  it('repoints a qa that pointed at another root, deleting nothing', async () => {
    await installRoot({base, name: 'v23', condaVersion: '23.7.4', world})
    symlinkSync('v23', join(base, 'qa'))
    const result = await install(testContext(base), {installer: MINIFORGE, name: 'v26', adopt: false})
    expect(link('qa')).toBe('v26')
    expect(existsSync(join(base, 'v23', 'bin', 'conda'))).toBe(true)
    expect(result.qa).toEqual({from: 'v23', to: 'v26'})
    expect(result.warnings).toContain('qa pointed at v23; it now points at v26 (v23 is left in place)')
  })

  it.each([
    ['qa', MINIFORGE, /--name 'qa' is not a valid root name/],
    ['a/b', MINIFORGE, /path separator/],
    ['v26', '/nonexistent/Miniforge3-1-Linux-x86_64.sh', /no such installer/],
  ])('refuses --name %s / %s as bad input before touching anything', async (name, installer, message) => {
    await expect(install(testContext(base), {installer, name, adopt: false})).rejects.toThrow(message)
    expect(readdirSync(base)).toEqual([])
  })

  it('refuses a file that is not a conda installer', async () => {
    const setup = scriptInstaller('setup.sh', 'echo hi')
    const error = await install(testContext(base), {installer: setup, name: 'v26', adopt: false}).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(BadInputError)
    expect((error as Error).message).toContain('does not look like a conda installer')
  })

  it('accepts a renamed installer by its # NAME: header', async () => {
    const renamed = join(dir, 'installer.sh')
    writeFileSync(renamed, `#!/bin/sh\n#\n# NAME:  Miniforge3\n# VER:   26.7.1-0\nexec bash ${MINIFORGE} "$@"\n`)
    const result = await install(testContext(base), {installer: renamed, name: 'v26', adopt: false})
    expect(result.installer).toMatchObject({product: 'Miniforge3', version: '26.7.1-0'})
  })

  it("installs a site's own constructor installer, by its header, and points qa at it", async () => {
    // Given the site's installer, named as the site names it
    const site = siteInstaller('IPUMS-Conda-2024.06-Linux-x86_64.sh')
    // When installing it as ipums
    const result = await install(testContext(base), {installer: site, name: 'ipums', adopt: false})
    // Then it ran into BASE/ipums, the product is its # NAME: and qa points at it
    expect(existsSync(join(base, 'ipums', 'bin', 'conda'))).toBe(true)
    expect(link('qa')).toBe('ipums')
    expect(result).toMatchObject({
      root: 'ipums',
      conda: '26.7.1',
      installer: {file: site, product: 'IPUMS-Conda', version: '2024.06'},
      qa: {from: null, to: 'ipums'},
    })
    expect(result.installer?.command).toBe(`bash ${site} -b -p ${join(base, 'ipums')}`)
  })

  it('finds the -b -p option parsing of a site installer whose header sets many variables', async () => {
    // Given a site installer whose script_env_variables push constructor's getopts past the first 4 KiB
    const exports = Object.fromEntries(Array.from({length: 60}, (_, i) => [`IPUMS_SETTING_${i}`, 'x'.repeat(40)]))
    const site = siteInstaller('ipums.sh', exports)
    expect(readFileSync(site, 'latin1').indexOf('while getopts')).toBeGreaterThan(4096)
    // Then it is still recognised and installed
    const result = await install(testContext(base), {installer: site, name: 'ipums', adopt: false})
    expect(result.installer).toMatchObject({product: 'IPUMS-Conda', version: '2024.06'})
  })

  it("refuses an HTML error page saved under an installer's name, saying what it is", async () => {
    const page = join(dir, 'Miniforge3-26.7.1-0-Linux-x86_64.sh')
    writeFileSync(page, '<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body></body></html>\n')
    const error = await install(testContext(base), {installer: page, name: 'v26', adopt: false}).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(BadInputError)
    expect((error as Error).message).toContain(
      `${page} does not look like a conda installer: it is an HTML page (a failed download?); expected a constructor`,
    )
    expect((error as Error).message).not.toContain('\n')
    expect(readdirSync(base)).toEqual([])
  })

  it('removes what a failed installer left, and says where its output is', async () => {
    const failing = scriptInstaller(
      'Miniconda3-broken-Linux-x86_64.sh',
      'mkdir -p "$prefix/bin" && echo half > "$prefix/bin/half"\necho "ERROR: out of disk space" >&2\nexit 1',
    )
    const error = await install(testContext(base), {installer: failing, name: 'v26', adopt: false}).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(ExternalCommandError)
    expect((error as Error).message).toContain('ERROR: out of disk space')
    expect(existsSync(join(base, 'v26'))).toBe(false)
    expect(readFileSync(join(base, 'logs', 'install-v26.log'), 'utf8')).toContain('ERROR: out of disk space')
    expect(link('qa')).toBeNull()
  })

  it('stops the installer when interrupted and removes the half-installed root', async () => {
    const slow = scriptInstaller(
      'Miniconda3-slow-Linux-x86_64.sh',
      'mkdir -p "$prefix" && touch "$prefix/started"\nsleep 30',
    )
    const abort = new AbortController()
    const started = join(base, 'v26', 'started')
    const poll = setInterval(() => existsSync(started) && abort.abort(), 20)
    onTestFinished(() => clearInterval(poll))
    const error = await install(testContext(base, {signal: abort.signal}), {installer: slow, name: 'v26', adopt: false})
      .then(() => undefined)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InterruptedError)
    expect(existsSync(join(base, 'v26'))).toBe(false)
    expect(link('qa')).toBeNull()
  })
})

describe('guarantee: what install creates is group-readable whatever the umask', () => {
  const mode = (path: string) => statSync(path).mode & 0o7777

  it('under umask 077 the root, its .condarc and the log are readable by everyone', async () => {
    const previous = process.umask(0o077)
    onTestFinished(() => void process.umask(previous))
    await install(testContext(base), {installer: MINIFORGE, name: 'v26', adopt: false})
    expect(mode(join(base, 'v26')) & 0o055).toBe(0o055)
    expect(mode(join(base, 'v26', 'bin', 'conda')) & 0o055).toBe(0o055)
    expect(mode(join(base, 'v26', '.condarc')) & 0o044).toBe(0o044)
    expect(mode(join(base, 'logs', 'install-v26.log')) & 0o044).toBe(0o044)
    expect(mode(join(base, 'logs')) & 0o055).toBe(0o055)
  })

  it('in a setgid base they are group-writable too', async () => {
    chmodSync(base, 0o2775)
    const previous = process.umask(0o077)
    onTestFinished(() => void process.umask(previous))
    await install(testContext(base), {installer: MINIFORGE, name: 'v26', adopt: false})
    expect(mode(join(base, 'v26', '.condarc')) & 0o064).toBe(0o064)
    expect(mode(join(base, 'logs', 'install-v26.log')) & 0o064).toBe(0o064)
    expect(mode(join(base, 'v26', 'conda-meta')) & 0o070).toBe(0o070)
  })
})
