import {describe, expect, it} from 'vitest'
import {assertValidEnvName, envNameProblem, isValidEnvName} from '../../../../src/domain/inventory/env-name.js'
import {BadInputError} from '../../../../src/errors.js'

describe('envNameProblem', () => {
  it.each(['hlink', 'nhis_reformat', 'py3.11', 'R-4.2', '_private', 'a..b', 'Ünïcode', 'x'.repeat(255)])(
    'accepts %j',
    (name) => {
      expect(envNameProblem(name)).toBeUndefined()
      expect(isValidEnvName(name)).toBe(true)
    },
  )

  it.each([
    ['', 'is empty'],
    ['.', 'is a relative path (it could escape envs/)'],
    ['..', 'is a relative path (it could escape envs/)'],
    ['...', 'is a relative path (it could escape envs/)'],
    ['a/b', 'contains a path separator (it could escape envs/)'],
    ['../x', 'contains a path separator (it could escape envs/)'],
    ['a\\b', 'contains a path separator (it could escape envs/)'],
    ['-n', "starts with '-' (conda would read it as an option)"],
    ['my env', 'contains whitespace'],
    ['tab\tname', 'contains whitespace'],
    ['a#b', "contains '#' or ':' (conda refuses them in names)"],
    ['c:d', "contains '#' or ':' (conda refuses them in names)"],
    ['nul\0', 'contains a NUL byte'],
    ['a*b', 'may only contain letters, digits, _ - .'],
    ['$HOME', 'may only contain letters, digits, _ - .'],
    ['base', "is conda's name for the root environment"],
    ['root', "is conda's name for the root environment"],
    ['x'.repeat(256), 'is longer than 255 bytes'],
  ])('rejects %j: %s', (name, problem) => {
    expect(envNameProblem(name)).toBe(problem)
    expect(isValidEnvName(name)).toBe(false)
  })
})

describe('assertValidEnvName', () => {
  it('returns a valid name', () => {
    expect(assertValidEnvName('hlink', '--env')).toBe('hlink')
  })

  it('throws a BadInputError (exit 2) saying where the name came from', () => {
    let thrown: unknown
    try {
      assertValidEnvName('../etc', '--env')
    } catch (error) {
      thrown = error
    }

    expect(thrown).toBeInstanceOf(BadInputError)
    expect(thrown).toMatchObject({
      exitCode: 2,
      code: 'env-name.invalid',
      message: "--env: '../etc' is not a valid environment name: contains a path separator (it could escape envs/)",
    })
  })
})
