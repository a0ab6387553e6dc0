import {describe, expect, it} from 'vitest'

import {computeDrift, driftCheck, type InstalledPackage} from '../../../../src/domain/verify/drift.js'
import {expectedPackages} from '../../../../src/domain/verify/expected-packages.js'

const conda = (name: string, version: string): InstalledPackage => ({name, version, channel: 'pkgs/main'})
const pip = (name: string, version: string): InstalledPackage => ({name, version, channel: 'pypi'})

describe('expectedPackages', () => {
  it('collects the conda section, noarch steps, pip requirements and git installs of a plan', () => {
    const expected = expectedPackages({
      spec: {
        channels: [],
        conda: [
          {raw: 'numpy=1.26.4', name: 'numpy', version: '1.26.4'},
          {raw: 'pip', name: 'pip'},
          {raw: '__glibc', name: '__glibc'},
        ],
        pip: [],
      },
      steps: [
        {kind: 'create', specs: [], channels: []},
        {kind: 'noarch', package: 'hlink-schemas=2.0.0'},
        {
          kind: 'pip',
          requirements: [
            {raw: 'hlink-client==1.0.0', kind: 'requirement', name: 'hlink-client', specifier: '==1.0.0'},
            {raw: '--extra-index-url x', kind: 'option'},
          ],
        },
        {kind: 'git', url: 'git+file:///r@v1#egg=hlink-private', name: 'hlink-private'},
      ],
    })
    expect(expected).toEqual([
      {name: 'numpy', version: '1.26.4', source: 'conda'},
      {name: 'pip', source: 'conda'},
      {name: 'hlink-schemas', version: '2.0.0', source: 'conda'},
      {name: 'hlink-client', version: '==1.0.0', source: 'pip'},
      {name: 'hlink-private', source: 'pip'},
    ])
  })
})

describe('computeDrift', () => {
  const expected = [
    {name: 'numpy', version: '1.21.6', source: 'conda' as const},
    {name: 'pandas', version: '1.5.3', source: 'conda' as const},
    {name: 'requests', source: 'conda' as const},
    {name: 'Hlink_Client', version: '==1.0.0', source: 'pip' as const},
  ]

  it('lists a wrong version and a missing package against the spec', () => {
    const qa = [conda('numpy', '1.26.4'), conda('requests', '2.31.0'), pip('hlink-client', '1.0.0')]
    const drift = computeDrift(expected, qa)
    expect(drift.againstSpec).toEqual([
      {package: 'numpy', spec: '1.21.6', qa: '1.26.4', current: undefined},
      {package: 'pandas', spec: '1.5.3', qa: undefined, current: undefined},
    ])
    expect(drift.againstCurrent).toEqual([])
    expect(drift.compared).toBe(4)
  })

  it('lists a version that satisfies the spec but differs from current separately', () => {
    const qa = [
      conda('numpy', '1.21.6'),
      conda('pandas', '1.5.3'),
      conda('requests', '2.31.0'),
      pip('hlink-client', '1.0.0'),
    ]
    const current = [conda('numpy', '1.21.6'), conda('pandas', '1.5.3'), conda('requests', '2.28.1')]
    const drift = computeDrift(expected, qa, current)
    expect(drift.againstSpec).toEqual([])
    expect(drift.againstCurrent).toEqual([{package: 'requests', spec: undefined, qa: '2.31.0', current: '2.28.1'}])
  })

  it('does not match a conda package to a differently spelled conda package', () => {
    const drift = computeDrift([{name: 'ruamel.yaml', source: 'conda'}], [conda('ruamel_yaml', '0.15')])
    expect(drift.againstSpec.map((line) => line.package)).toEqual(['ruamel.yaml'])
  })
})

describe('driftCheck', () => {
  it('fails with one line per package and names the env in the remediation', () => {
    const check = driftCheck(
      'hlink',
      {
        compared: 2,
        againstSpec: [{package: 'numpy', spec: '1.21.6', qa: '1.26.4', current: '1.21.6'}],
        againstCurrent: [],
      },
      {spec: 'env_specs/hlink.yml', current: true},
    )
    expect(check).toEqual({
      check: 'drift',
      status: 'failed',
      detail: '2 package(s) vs env_specs/hlink.yml and current',
      packages: ['numpy'],
      message: 'numpy: qa 1.26.4, spec 1.21.6, current 1.21.6',
      remediation:
        'Rebuild it with condamig replicate --env hlink; if the new channels lack a pinned version, repair env_specs/overrides/hlink.yml first.',
    })
  })

  it('is ok when only current differs, and says so', () => {
    const check = driftCheck(
      'hlink',
      {compared: 1, againstSpec: [], againstCurrent: [{package: 'requests', qa: '2.31.0', current: '2.28.1'}]},
      {spec: 'env_specs/overrides/hlink.yml', current: true},
    )
    expect(check.status).toBe('ok')
    expect(check.message).toBe('differs from current: requests: qa 2.31.0, current 2.28.1')
  })
})
