import {describe, expect, it} from 'vitest'

import {envsOfRoot, parseEnvListJson} from '../../../src/conda/parse/env-list-json.js'
import {CONDA_VERSIONS, loadTranscript, ROOT_OF} from '../../support/transcripts.js'

const ENVS = ['emptyenv', 'jsonenv', 'py310', 'py311', 'py38', 'victim', 'victim2', 'withpip']

describe('parseEnvListJson', () => {
  it.each(CONDA_VERSIONS)('%s: reads the env prefixes (envs only, or envs + envs_details)', (dir) => {
    const root = ROOT_OF[dir]
    const prefixes = parseEnvListJson(loadTranscript(dir, 'env-list.json').stdout)
    expect(prefixes).toEqual([root, ...ENVS.map((name) => `${root}/envs/${name}`)])
  })

  it('reads a list holding only the base env', () => {
    expect(parseEnvListJson(loadTranscript('conda-25.11.1', 'env-list-empty.json').stdout)).toEqual([
      '/opt/conda-example/roots/v2',
    ])
  })

  it('reads envs_details keys when envs is absent', () => {
    expect(parseEnvListJson('{"envs_details": {"/r/envs/a": {"name": "a"}}}')).toEqual(['/r/envs/a'])
  })

  it('returns undefined for output that is not an env list', () => {
    expect(parseEnvListJson('# conda environments:')).toBeUndefined()
    expect(parseEnvListJson('{"success": true}')).toBeUndefined()
  })
})

describe('envsOfRoot', () => {
  it('keeps only the envs of one root when other roots leak into the shared list', () => {
    // Given v1's env list as a normal user: v2's and v3's envs and prefix envs show up too (README point 8)
    const prefixes = parseEnvListJson(loadTranscript('migration-v1-to-v2', 'v1-env-list-as-non-root.json').stdout) ?? []
    expect(prefixes.some((prefix) => prefix.startsWith('/opt/conda-example/roots/v2/'))).toBe(true)

    // When they are filtered for v2
    const envs = envsOfRoot(prefixes, '/opt/conda-example/roots/v2')

    // Then only v2/envs/<name> remain; the base prefix and other roots are gone
    expect(envs).toEqual(
      ['pipok', 'py311', 'py311-p', 'py311b', 'withpip'].map((name) => ({
        name,
        prefix: `/opt/conda-example/roots/v2/envs/${name}`,
      })),
    )
  })

  it('accepts several spellings of the root and ignores trailing slashes and nested dirs', () => {
    const prefixes = [
      '/base/v4.8/envs/a/',
      '/base/current/envs/b',
      '/base/v4.8/envs/c/sub',
      '/base/v4.8',
      '/elsewhere/envs/d',
    ]
    expect(envsOfRoot(prefixes, ['/base/v4.8', '/base/current/'])).toEqual([
      {name: 'a', prefix: '/base/v4.8/envs/a'},
      {name: 'b', prefix: '/base/current/envs/b'},
    ])
  })

  it('lists a name once even if two spellings of the root both list it', () => {
    expect(envsOfRoot(['/r/envs/a', '/r/./envs/a'], '/r')).toEqual([{name: 'a', prefix: '/r/envs/a'}])
  })
})
