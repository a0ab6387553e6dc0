import {describe, expect, it} from 'vitest'
import {normalizeName} from '../../../../src/domain/spec/pep503.js'

describe('normalizeName', () => {
  it.each([
    ['typing_extensions', 'typing-extensions'],
    ['Typing_Extensions', 'typing-extensions'],
    ['typing.extensions', 'typing-extensions'],
    ['typing-extensions', 'typing-extensions'],
    ['backports.shutil_get_terminal_size', 'backports-shutil-get-terminal-size'],
    ['a__-._b', 'a-b'],
    ['PyMca5', 'pymca5'],
    ['numpy', 'numpy'],
    ['zope--interface', 'zope-interface'],
  ])('%s → %s', (name, normalized) => {
    expect(normalizeName(name)).toBe(normalized)
  })
})
