import {describe, expect, it} from 'vitest'

import {createArgs} from '../../../src/conda/argv/create-args.js'
import {envCreateArgs} from '../../../src/conda/argv/env-create-args.js'
import {installArgs} from '../../../src/conda/argv/install-args.js'
import {
  envExportArgs,
  envListArgs,
  infoArgs,
  listExplicitArgs,
  listJsonArgs,
  versionArgs,
} from '../../../src/conda/argv/query-args.js'
import {removeAllArgs} from '../../../src/conda/argv/remove-args.js'
import {BadInputError} from '../../../src/errors.js'

const BIN = '/pkg/conda/v4.8/bin/conda'
const PREFIX = '/pkg/conda/v4.8/envs/hlink'

describe('conda argv builders', () => {
  it('build the read-only queries against the given binary', () => {
    expect(versionArgs(BIN)).toEqual({file: BIN, args: ['--version']})
    expect(infoArgs(BIN)).toEqual({file: BIN, args: ['info', '--json']})
    expect(envListArgs(BIN)).toEqual({file: BIN, args: ['env', 'list', '--json']})
    expect(listJsonArgs(BIN, PREFIX)).toEqual({file: BIN, args: ['list', '--json', '-p', PREFIX]})
    expect(listExplicitArgs(BIN, PREFIX)).toEqual({file: BIN, args: ['list', '--explicit', '-p', PREFIX]})
    expect(listExplicitArgs(BIN, PREFIX, {md5: true})).toEqual({
      file: BIN,
      args: ['list', '--explicit', '--md5', '-p', PREFIX],
    })
  })

  it('exports by name with --no-builds as the contract says, and without it on request', () => {
    expect(envExportArgs(BIN, {name: 'hlink', noBuilds: true})).toEqual({
      file: BIN,
      args: ['env', 'export', '--name', 'hlink', '--no-builds'],
    })
    expect(envExportArgs(BIN, {name: 'hlink', noBuilds: false}).args).toEqual(['env', 'export', '--name', 'hlink'])
    expect(envExportArgs(BIN, {name: 'hlink', prefix: '/tmp/view/hlink', noBuilds: true}).args).toEqual([
      'env',
      'export',
      '-p',
      '/tmp/view/hlink',
      '--no-builds',
    ])
  })

  it('refuses an env name that conda would read as an option', () => {
    expect(() => envExportArgs(BIN, {name: '--all', noBuilds: true})).toThrow(BadInputError)
    expect(() => envExportArgs(BIN, {name: '', noBuilds: true})).toThrow(/not an environment name/)
  })

  it('creates with -y, --json and -p, then channels in priority order, then the specs', () => {
    const command = createArgs(BIN, {
      prefix: PREFIX,
      specs: ['python=3.11', 'numpy=1.26'],
      channels: ['conda-forge', 'file:///pkg/mpc'],
      overrideChannels: true,
    })
    expect(command).toEqual({
      file: BIN,
      args: [
        'create',
        '-y',
        '--json',
        '-p',
        PREFIX,
        '--override-channels',
        '-c',
        'conda-forge',
        '-c',
        'file:///pkg/mpc',
        'python=3.11',
        'numpy=1.26',
      ],
    })
  })

  it('places every solve switch in a fixed order', () => {
    const command = createArgs(BIN, {
      prefix: PREFIX,
      specs: ['python'],
      solver: 'libmamba',
      offline: true,
      downloadOnly: true,
      dryRun: true,
      quiet: true,
    })
    expect(command.args).toEqual([
      'create',
      '-y',
      '--json',
      '-p',
      PREFIX,
      '--solver=libmamba',
      '--offline',
      '--download-only',
      '--dry-run',
      '-q',
      'python',
    ])
  })

  it('installs into an existing prefix with the same shape as create', () => {
    expect(installArgs(BIN, {prefix: PREFIX, specs: ['hlinkutils=0.3.0'], channels: ['file:///pkg/noarch']})).toEqual({
      file: BIN,
      args: ['install', '-y', '--json', '-p', PREFIX, '-c', 'file:///pkg/noarch', 'hlinkutils=0.3.0'],
    })
  })

  it('env-creates by prefix from a file, never by the name inside the file', () => {
    expect(envCreateArgs(BIN, {prefix: PREFIX, file: '/pkg/conda/env_specs/hlink.yml'})).toEqual({
      file: BIN,
      args: ['env', 'create', '-y', '--json', '-p', PREFIX, '-f', '/pkg/conda/env_specs/hlink.yml'],
    })
    expect(envCreateArgs(BIN, {prefix: PREFIX, file: '/x.yml', dryRun: true}).args.at(-1)).toBe('--dry-run')
    expect(envCreateArgs(BIN, {prefix: PREFIX, file: '/x.yml', yes: false}).args).toEqual([
      'env',
      'create',
      '--json',
      '-p',
      PREFIX,
      '-f',
      '/x.yml',
    ])
  })

  it('removes a whole env by prefix', () => {
    expect(removeAllArgs(BIN, PREFIX)).toEqual({file: BIN, args: ['remove', '-y', '--json', '-p', PREFIX, '--all']})
  })

  it('refuses a spec that conda would read as an option, and an empty spec', () => {
    expect(() => createArgs(BIN, {prefix: PREFIX, specs: ['--force']})).toThrow(BadInputError)
    expect(() => installArgs(BIN, {prefix: PREFIX, specs: ['  ']})).toThrow(/not a package spec/)
  })

  it('refuses a relative prefix: the target is always a full path', () => {
    expect(() => createArgs(BIN, {prefix: 'envs/hlink', specs: ['python']})).toThrow(/not an absolute prefix/)
    expect(() => removeAllArgs(BIN, 'hlink')).toThrow(BadInputError)
  })
})
