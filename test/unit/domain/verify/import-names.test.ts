import {describe, expect, it} from 'vitest'

import {importModuleFor, topLevelModules} from '../../../../src/domain/verify/import-names.js'

describe('topLevelModules', () => {
  it('reads package directories, modules and extension modules from conda-meta files', () => {
    const files = [
      'lib/python3.11/site-packages/numpy/__init__.py',
      'lib/python3.11/site-packages/numpy/core/multiarray.py',
      'lib/python3.11/site-packages/numpy-1.26.4.dist-info/METADATA',
      'lib/python3.11/site-packages/six.py',
      'lib/python3.11/site-packages/yaml/__init__.py',
      'lib/python3.11/site-packages/_yaml/__init__.py',
      'lib/python3.11/site-packages/_cffi_backend.cpython-311-x86_64-linux-gnu.so',
      'lib/python3.11/site-packages/zmq.abi3.so',
      'lib/python3.11/site-packages/tests/test_x.py',
      'lib/python3.11/site-packages/distutils-precedence.pth',
      'bin/f2py',
      'include/numpy.h',
    ]
    expect(topLevelModules(files)).toEqual(['numpy', 'six', 'yaml', 'zmq'])
  })

  it('finds nothing in a package without python modules (a C library, python itself)', () => {
    expect(topLevelModules(['lib/libssl.so.3', 'bin/openssl', 'lib/python3.11/site-packages/README.txt'])).toEqual([])
  })

  it('ignores a directory that holds no python file (data only)', () => {
    expect(topLevelModules(['lib/python3.11/site-packages/share_data/file.txt'])).toEqual([])
  })

  it('reads pip RECORD entries relative to site-packages', () => {
    const record = ['six.py', 'hlink_private/__init__.py', 'hlink_private-0.2.0.dist-info/RECORD', '../../../bin/x']
    expect(topLevelModules(record, 'site-packages')).toEqual(['hlink_private', 'six'])
  })
})

describe('importModuleFor', () => {
  it('uses the name map when the package ships that module', () => {
    expect(importModuleFor('scikit-learn', ['sklearn'])).toBe('sklearn')
    expect(importModuleFor('PyYAML', ['yaml'])).toBe('yaml')
    expect(importModuleFor('beautifulsoup4', ['bs4'])).toBe('bs4')
    expect(importModuleFor('pillow', ['PIL'])).toBe('PIL')
    expect(importModuleFor('protobuf', ['google'])).toBe('google.protobuf')
  })

  it("prefers the package's own name among several modules", () => {
    expect(importModuleFor('setuptools', ['pkg_resources', 'setuptools'])).toBe('setuptools')
    expect(importModuleFor('typing-extensions', ['typing_extensions'])).toBe('typing_extensions')
    expect(importModuleFor('python-dateutil', ['dateutil'])).toBe('dateutil')
  })

  it('falls back to the only module, then the first one', () => {
    expect(importModuleFor('hlinkutils', ['hlink_utils'])).toBe('hlink_utils')
    expect(importModuleFor('oddpkg', ['beta', 'alpha'])).toBe('beta')
  })

  it('does not probe a package without modules, even a mapped one', () => {
    expect(importModuleFor('openssl', [])).toBeUndefined()
    expect(importModuleFor('scikit-learn', [])).toBeUndefined()
  })
})
