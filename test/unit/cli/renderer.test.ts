import {describe, expect, it} from 'vitest'

import {pickRenderer} from '../../../src/cli/renderer.js'

describe('pickRenderer', () => {
  it.each([
    ['--json, whatever else', {json: true, env: {NODE_ENV: 'test', CI: 'true'}, isTTY: true}, 'silent'],
    ['tests (NODE_ENV=test)', {json: false, env: {NODE_ENV: 'test'}, isTTY: true}, 'test'],
    ['tests (under vitest)', {json: false, env: {VITEST: 'true'}, isTTY: false}, 'test'],
    ['no TTY', {json: false, env: {}, isTTY: false}, 'simple'],
    ['CI on a TTY', {json: false, env: {CI: 'true'}, isTTY: true}, 'simple'],
    ['a person at a terminal', {json: false, env: {NODE_ENV: 'production'}, isTTY: true}, 'default'],
  ] as const)('picks the renderer for %s', (_, input, expected) => {
    expect(pickRenderer({...input, env: {...input.env}})).toBe(expected)
  })
})
