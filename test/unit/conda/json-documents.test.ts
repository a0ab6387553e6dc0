import {describe, expect, it} from 'vitest'

import {lastJsonObject} from '../../../src/conda/parse/json-documents.js'
import {CONDA_VERSIONS, loadTranscript} from '../../support/transcripts.js'

describe('lastJsonObject', () => {
  it('takes the final document after the NUL-separated fetch progress objects of create --json', () => {
    // Given 23.7.4's create --json: three {"fetch": …} objects, each followed by NUL, then the result
    const stdout = loadTranscript('conda-23.7.4', 'create-json.json').stdout
    expect(stdout.split('\0')).toHaveLength(4)

    // Then the result document is the one read
    const document = lastJsonObject(stdout)
    expect(document?.success).toBe(true)
    expect(document?.prefix).toBe('/opt/conda-example/roots/v1/envs/jsonenv')
    expect(document).not.toHaveProperty('fetch')
  })

  it.each(CONDA_VERSIONS)('%s: reads the create --json result', (dir) => {
    expect(lastJsonObject(loadTranscript(dir, 'create-json.json').stdout)?.success).toBe(true)
  })

  it('finds the document after the text line 23.7.4 prints before remove --all --json output', () => {
    const stdout = loadTranscript('conda-23.7.4', 'remove-all-json.json').stdout
    expect(stdout.startsWith('\nRemove all packages in environment')).toBe(true)
    expect(lastJsonObject(stdout)).toMatchObject({
      success: true,
      prefix: '/opt/conda-example/roots/v1/envs/py311-copy-b',
    })
  })

  it('falls back to the previous complete object when the last one was cut off', () => {
    const text = '{"fetch":"a","finished":true}\n\0{"success": tr'
    expect(lastJsonObject(text)).toEqual({fetch: 'a', finished: true})
  })

  it('returns undefined when there is no JSON object at all', () => {
    expect(lastJsonObject('Solving environment: done\n')).toBeUndefined()
    expect(lastJsonObject('[1, 2]')).toBeUndefined()
  })
})
