import {describe, expect, it} from 'vitest'
import {dropPlatformPackages} from '../../../../../src/domain/spec/repairs/drop-platform-packages.js'
import {fixture, spec} from './context.js'

const dropped = (file: string): string[] => dropPlatformPackages(fixture(file)).changes.map((change) => change.subject)

describe('dropPlatformPackages', () => {
  it('drops the Windows-only packages of 009', () => {
    expect(dropped('009.yml').map((subject) => subject.split('=')[0])).toEqual([
      'icc_rt',
      'm2w64-gcc-libgfortran',
      'm2w64-gcc-libs',
      'm2w64-gcc-libs-core',
      'm2w64-gmp',
      'm2w64-libwinpthread-git',
      'msys2-conda-epoch',
      'pywin32',
      'pywinpty',
      'ucrt',
      'vc',
      'vs2015_runtime',
      'win_inet_pton',
      'wincertstore',
      'winpty',
    ])
  })

  it('drops the Windows-only packages of 007, 012, 020, 033 and 056', () => {
    expect(dropped('007.yml')).toEqual(
      expect.arrayContaining([
        'defaults/win-64::icc_rt==2022.1.0=h6049295_2',
        'defaults/win-64::msys2-conda-epoch==20160418=1',
      ]),
    )
    expect(dropped('012.yml')).toEqual(expect.arrayContaining(['icc_rt=2019.0.0=h0cc432a_1', 'm2w64-gmp=6.1.0=2']))
    expect(dropped('020.yml')).toEqual([
      'menuinst=1.4.19',
      'pywin32=305',
      'vc=14.2',
      'vs2015_runtime=14.27.29016',
      'win_inet_pton=1.1.0',
    ])
    expect(dropped('033.yml')).toHaveLength(11)
    expect(dropped('056.yml').map((subject) => subject.split('=')[0])).toEqual([
      'pywin32',
      'pywinpty',
      'ucrt',
      'vc',
      'vc14_runtime',
      'vs2015_runtime',
      'win_inet_pton',
      'winpty',
    ])
  })

  it('drops the macOS-only packages of 003 and keeps libcxx and llvm-openmp, which exist for linux', () => {
    const {spec: repaired, changes} = dropPlatformPackages(fixture('003.yml'))
    expect(changes.map((change) => change.subject.split('=')[0])).toEqual(['appnope', 'python.app'])
    expect(repaired.conda.map((dep) => dep.name)).toEqual(expect.arrayContaining(['libcxx', 'llvm-openmp', 'menuinst']))
  })

  it('keeps libcxxabi (031) and tapi (028): conda-forge builds them for linux', () => {
    expect(dropped('031.yml')).toEqual(['appnope=0.1.0'])
    expect(dropped('028.yml')).toEqual([])
  })

  it('drops the macOS-only pip packages of 048 and 047', () => {
    expect(dropped('048.yml').filter((subject) => subject.startsWith('pyobjc'))).toHaveLength(
      fixture('048.yml').pip.filter((dep) => dep.name?.startsWith('pyobjc')).length,
    )
    expect(dropped('047.yml')).toEqual(['appnope=0.1.4', 'pyobjc-core=12.1', 'pyobjc-framework-cocoa=12.1'])
  })

  it('drops menuinst 1.x (Windows only) and keeps menuinst 2.x (cross-platform since 2.0, in linux export 035)', () => {
    expect(dropped('025.yml')).toContain('menuinst=1.4.4=py36_0')
    expect(dropped('035.yml')).toEqual([])
  })

  it('gives each change its reason and compares pip names per PEP 503', () => {
    const input = spec(
      'dependencies:',
      '  - vs2019_win-64',
      '  - m2-bash',
      '  - pip:',
      '    - PyWin32==300',
      '    - win-inet-pton',
    )
    const {spec: repaired, changes} = dropPlatformPackages(input)
    expect(repaired.conda).toEqual([])
    expect(repaired.pip.map((dep) => dep.raw)).toEqual([])
    expect(changes).toEqual([
      {rule: 'platform-dropped', subject: 'vs2019_win-64', reason: 'Visual Studio runtime: Windows only'},
      {rule: 'platform-dropped', subject: 'm2-bash', reason: 'MSYS2 package: Windows only'},
      {rule: 'platform-dropped', subject: 'PyWin32==300', reason: 'Windows API bindings: Windows only (pip)'},
      {rule: 'platform-dropped', subject: 'win-inet-pton', reason: 'Windows-only helper (pip)'},
    ])
  })

  it('keeps pip appnope, which installs anywhere, and linux packages with similar names', () => {
    const input = spec(
      'dependencies:',
      '  - vcrpy',
      '  - pywin32-ctypes',
      '  - m2crypto',
      '  - pip:',
      '    - appnope==0.1.2',
    )
    expect(dropPlatformPackages(input).changes).toEqual([])
  })
})
