import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, describe, expect, it} from 'vitest'

import {readExplicitUrls, readInstalledPackages} from '../../../src/system/env-files.js'
import {withEnvView} from '../../../src/system/env-view.js'
import {hashTree} from '../../support/make-base.js'

let dir: string
afterEach(() => rmSync(dir, {recursive: true, force: true}))

const SITE = 'lib/python3.11/site-packages'

/** An env where conda installed python and six 1.15.0, then pip replaced six with 1.16.0 and added hlink-client. */
const clobberedEnv = (): string => {
  dir = mkdtempSync(join(tmpdir(), 'condamig-env-files-'))
  const env = join(dir, 'envs', 'pipwheels')
  const record = (name: string, version: string, files: string[]) => {
    mkdirSync(join(env, 'conda-meta'), {recursive: true})
    writeFileSync(
      join(env, 'conda-meta', `${name}-${version}-0.json`),
      JSON.stringify({
        name,
        version,
        channel: 'file:///srv/channel',
        url: `file:///srv/channel/${name}-${version}-0.tar.bz2`,
        files,
      }),
    )
  }
  record('python', '3.11.7', ['bin/python3.11'])
  record('six', '1.15.0', [`${SITE}/six.py`, `${SITE}/six-1.15.0.dist-info/METADATA`])
  for (const dist of ['six-1.16.0.dist-info', 'hlink_client-1.1.0.dist-info']) {
    mkdirSync(join(env, SITE, dist), {recursive: true})
    writeFileSync(join(env, SITE, dist, 'METADATA'), 'Metadata-Version: 2.1\n')
  }
  writeFileSync(join(env, SITE, 'six.py'), '')
  return env
}

describe('reading an env from its files (what conda list would say, without conda writing)', () => {
  it('lists conda records, and pip dist-infos no record owns as pypi; pip replacing a conda package wins', () => {
    const env = clobberedEnv()
    expect(readInstalledPackages(env).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      {name: 'hlink_client', version: '1.1.0', channel: 'pypi'},
      {name: 'python', version: '3.11.7', channel: 'file:///srv/channel'},
      {name: 'six', version: '1.16.0', channel: 'pypi'},
    ])
    expect(readExplicitUrls(env)).toEqual([
      'file:///srv/channel/python-3.11.7-0.tar.bz2',
      'file:///srv/channel/six-1.15.0-0.tar.bz2',
    ])
  })
})

describe('withEnvView', () => {
  it('gives a tool a view where deleting a conda-meta record leaves the env untouched', async () => {
    const env = clobberedEnv()
    const before = hashTree(env)
    const seen = await withEnvView(env, async (view) => {
      // what conda's PrefixData does to the record of a package pip clobbered
      rmSync(join(view, 'conda-meta', 'six-1.15.0-0.json'))
      return {
        name: view.split('/').pop(),
        site: readFileSync(join(view, SITE, 'six-1.16.0.dist-info', 'METADATA'), 'utf8'),
        view,
      }
    })
    expect(seen.name).toBe('pipwheels')
    expect(seen.site).toBe('Metadata-Version: 2.1\n')
    expect(existsSync(seen.view)).toBe(false)
    expect(hashTree(env)).toBe(before)
  })
})
