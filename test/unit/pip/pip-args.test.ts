import {describe, expect, it} from 'vitest'

import {BadInputError} from '../../../src/errors.js'
import {pipFreezeArgs, pipInstallArgs, pipListArgs} from '../../../src/pip/pip-args.js'

const PY = '/pkg/conda/v4.8/envs/hlink/bin/python'

describe('pip argv builders', () => {
  it("runs pip as the env's own python module", () => {
    expect(
      pipInstallArgs(PY, ['hlink-client==1.0.0', 'git+file:///repos/hlink-private@v0.2.0#egg=hlink-private']),
    ).toEqual({
      file: PY,
      args: [
        '-m',
        'pip',
        'install',
        '--disable-pip-version-check',
        'hlink-client==1.0.0',
        'git+file:///repos/hlink-private@v0.2.0#egg=hlink-private',
      ],
    })
  })

  it('adds --no-deps and a requirements file written by the caller', () => {
    expect(pipInstallArgs(PY, [], {requirementsFile: '/tmp/req.txt', noDeps: true}).args).toEqual([
      '-m',
      'pip',
      'install',
      '--disable-pip-version-check',
      '--no-deps',
      '-r',
      '/tmp/req.txt',
    ])
  })

  it('refuses options in requirement position and an install of nothing', () => {
    expect(() => pipInstallArgs(PY, ['-e', '/home/u/src'])).toThrow(BadInputError)
    expect(() => pipInstallArgs(PY, ['--index-url=http://evil'])).toThrow(/not a pip requirement/)
    expect(() => pipInstallArgs(PY, [])).toThrow(/needs requirements/)
  })

  it('builds freeze and list', () => {
    expect(pipFreezeArgs(PY)).toEqual({file: PY, args: ['-m', 'pip', 'freeze', '--disable-pip-version-check']})
    expect(pipListArgs(PY)).toEqual({
      file: PY,
      args: ['-m', 'pip', 'list', '--format', 'json', '--disable-pip-version-check'],
    })
  })
})
