import {describe, expect, it} from 'vitest'

import {
  examineInstaller,
  identifyInstaller,
  installerPlatformProblem,
} from '../../../../src/domain/verify/installer-kind.js'
import {constructorHeader} from '../../../support/constructor-header.js'

const IPUMS = constructorHeader({name: 'IPUMS-Conda', version: '2024.06', platform: 'linux-64'})
const MINIFORGE = 'Miniforge3-26.7.1-0-Linux-x86_64.sh'

/** The shell part of an installer, then `@@END_HEADER@@` and a binary payload, as `readInstallerHead` decodes it. */
const withPayload = (header: string): string => `${header}exit 0\n@@END_HEADER@@\n\u001F\u008B\u0008\u0000\u0000\u0000`

/** The header the real-conda kit writes (../shared/realconda/make-installer.sh), with another NAME. */
const kitHeader = (name: string) =>
  `#!/bin/bash\n# NAME: ${name}\n# VER: 26.7.1-0\n# PLAT: linux-64\n# A stand-in for a Miniconda installer\nset -eu\n` +
  'PREFIX=$HOME/miniconda3; BATCH=0\nwhile getopts "bp:fuh" x; do case "$x" in b) BATCH=1;; p) PREFIX=$OPTARG;; esac; done\n'

describe("identifyInstaller: a site's own constructor installer", () => {
  it.each(['IPUMS-Conda-2024.06-Linux-x86_64.sh', 'installer.sh'])('knows it by its header as %s', (fileName) => {
    // Given constructor's header with a site's NAME, whatever the file is called
    // Then the product is that NAME and the version its VER
    expect(identifyInstaller(fileName, withPayload(IPUMS))).toEqual({
      product: 'IPUMS-Conda',
      version: '2024.06',
      via: 'header',
    })
  })

  it('knows it in the real-conda kit\'s layout (#!/bin/bash, no MD5, getopts "bp:fuh")', () => {
    expect(identifyInstaller('site.sh', kitHeader('Campus Python'))).toEqual({
      product: 'Campus Python',
      version: '26.7.1-0',
      via: 'header',
    })
  })

  it('knows it in the layout of constructor 1.x (# BYTES: / # LINES:, getopts "bfhp:")', () => {
    const head =
      '#!/bin/bash\n#\n# NAME:  LabConda\n# VER:   4.1\n# PLAT:  linux-64\n# BYTES:  41943040\n# LINES: 331\n' +
      '# MD5:   0123456789abcdef0123456789abcdef\n\nunset LD_LIBRARY_PATH\necho "$0" | grep \'\\.sh$\' >/dev/null\n' +
      'BATCH=0\nwhile getopts "bfhp:" x\ndo\n    case "$x" in\n'
    expect(identifyInstaller('LabConda-4.1-Linux-x86_64.sh', head)).toMatchObject({product: 'LabConda', version: '4.1'})
  })

  it('goes by the header when the file name says another product', () => {
    expect(identifyInstaller(MINIFORGE, IPUMS)).toMatchObject({product: 'IPUMS-Conda', via: 'header'})
  })

  it('still has its platform checked', () => {
    const mac = constructorHeader({name: 'IPUMS-Conda', version: '2024.06', platform: 'osx-arm64'})
    expect(installerPlatformProblem('installer.sh', mac, 'linux-64')).toBe(
      'it is built for osx-arm64, this machine is linux-64',
    )
    expect(installerPlatformProblem('installer.sh', IPUMS, 'linux-64')).toBeUndefined()
  })

  it.each([
    ['no # PLAT:', IPUMS.replace(/^# PLAT:.*\n/m, ''), 'its # NAME: IPUMS-Conda header has no # PLAT:'],
    ['no # VER: and # PLAT:', '#!/bin/sh\n# NAME: notes\nwhile getopts "bp:" x; do :; done\n', 'no # VER: or # PLAT:'],
    ['no -b -p options', '#!/bin/sh\n# NAME: backup\n# VER: 2\n# PLAT: linux-64\necho hi\n', 'does not take -b -p'],
    ['an unfilled template', IPUMS.replace('IPUMS-Conda\n', '__NAME__\n'), 'unfilled constructor template (__NAME__)'],
    ['a jinja template', IPUMS.replace('2024.06\n', '{{ installer_version }}\n'), 'unfilled constructor template'],
  ])('refuses a header with another NAME and %s', (_what, head, problem) => {
    expect(identifyInstaller('installer.sh', head)).toBeUndefined()
    expect(examineInstaller('installer.sh', head)).toEqual({ok: false, problem: expect.stringContaining(problem)})
  })

  it('reads the header only from the comment block at the top', () => {
    const later = '#!/bin/sh\nset -eu\n# NAME: IPUMS-Conda\n# VER: 1\n# PLAT: linux-64\ngetopts "bp:" x\n'
    expect(examineInstaller('installer.sh', later)).toEqual({
      ok: false,
      problem: 'it is a shell script without the # NAME: header of an installer',
    })
  })
})

describe('identifyInstaller: files that are not installers', () => {
  const tar = `${'Miniforge3/bin/conda'.padEnd(257, '\u0000')}ustar\u000000`
  it.each([
    ['a random shell script', 'setup.sh', '#!/bin/sh\necho hi\n', 'a shell script without the # NAME: header'],
    ['a text file', 'README.sh', 'Install Miniforge3 with -b -p PREFIX\n', 'not a shell script (no #!/bin/sh line)'],
    ['an empty file', MINIFORGE, '', 'the file is empty'],
    ['a tarball named as an installer', MINIFORGE, '\u001F\u008B\u0008\u0000\u0000\u0000\u0000', 'gzip archive'],
    ['a tar archive', MINIFORGE, tar, 'a tar archive'],
    ['a program', MINIFORGE, '\u007FELF\u0002\u0001\u0001\u0000', 'a binary program'],
    [
      'an HTML error page saved as .sh',
      MINIFORGE,
      '\n<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>\n<body># NAME: Miniforge3</body>\n',
      'an HTML page (a failed download?)',
    ],
    ['a python script', MINIFORGE, '#!/usr/bin/env python3\nprint("Miniforge3")\n', 'not a shell script'],
  ])('refuses %s, saying what it is', (_what, fileName, head, problem) => {
    expect(identifyInstaller(fileName, head)).toBeUndefined()
    expect(examineInstaller(fileName, head)).toEqual({ok: false, problem: expect.stringContaining(problem)})
  })

  it('still knows an upstream installer by its name when it is a shell script', () => {
    // Given the fake installers of the conda double: no header, a name, a script
    const fake = '#!/bin/sh\n# Fake Miniforge3 26.7.1-0 installer (conda test double)\nexec node install.mjs "$@"\n'
    expect(identifyInstaller(MINIFORGE, fake)).toEqual({product: 'Miniforge3', version: '26.7.1-0', via: 'name'})
  })
})
