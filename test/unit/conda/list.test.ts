import {describe, expect, it} from 'vitest'

import {parseExplicitList} from '../../../src/conda/parse/list-explicit.js'
import {parseListJson} from '../../../src/conda/parse/list-json.js'
import {CONDA_VERSIONS, loadTranscript} from '../../support/transcripts.js'

describe('parseListJson', () => {
  it.each(CONDA_VERSIONS)('%s: reads conda and pip-installed entries', (dir) => {
    const entries = parseListJson(loadTranscript(dir, 'list-withpip.json').stdout) ?? []
    expect(entries.find((entry) => entry.name === 'numpy')).toEqual({
      name: 'numpy',
      version: '1.26.4',
      build: 'py311hf973c33_0',
      channel: 'opt/conda-example/channel',
      platform: 'linux-64',
      baseUrl: 'file:///opt/conda-example/channel',
      distName: 'numpy-1.26.4-py311hf973c33_0',
    })
    const pip = entries.filter((entry) => entry.channel === 'pypi').map((entry) => `${entry.name}==${entry.version}`)
    expect(pip).toEqual(['hlink-client==1.0.0', 'hlink-private==0.2.0', 'internal-tools==2.3.0'])
  })

  it('reads an empty env as an empty list', () => {
    expect(parseListJson(loadTranscript('conda-26.7.1', 'list-base.json').stdout)).toEqual([])
  })

  it('returns undefined for an error document', () => {
    expect(parseListJson(loadTranscript('conda-26.7.1', 'list-missing-env.json').stdout)).toBeUndefined()
  })
})

describe('parseExplicitList', () => {
  it.each(CONDA_VERSIONS)('%s: returns the package URLs with their md5, without comments and @EXPLICIT', (dir) => {
    const urls = parseExplicitList(loadTranscript(dir, 'list-explicit-md5.txt').stdout)
    expect(urls).toHaveLength(20)
    expect(urls[0]).toBe(
      'file:///opt/conda-example/channel/linux-64/ca-certificates-2023.12.12-h1b31201_0.tar.bz2#b9771e09f4e10b09617cdba0c772a40d',
    )
    expect(urls.every((url) => url.startsWith('file:///') && /#[0-9a-f]{32}$/.test(url))).toBe(true)
  })
})
