import {describe, expect, it} from 'vitest'

import {CannotWriteError, RefusedError} from '../../../src/errors.js'
import {cannotWrite, standsFor, TEMP_SIBLING, tempSibling} from '../../../src/system/atomic-write.js'
import {isSameGroup} from '../../../src/system/process-groups.js'

const errno = (code: string) => Object.assign(new Error(code), {code})

describe('cannotWrite: what the environment refused, as one line naming the path and what to do', () => {
  it.each([
    ['ENOSPC', 'write.no-space', 'no space left on its filesystem', 'free some space there'],
    ['EDQUOT', 'write.quota', 'disk quota exceeded', 'free some space or raise the quota'],
    ['EROFS', 'write.read-only', 'its filesystem is read-only', 'remount it read-write'],
    ['EACCES', 'write.denied', 'permission denied', 'run as a user who may write there'],
  ])('%s → %s (exit 3)', (code, ours, what, todo) => {
    const error = cannotWrite('/base/condamig.ini', errno(code), 'the file is unchanged')
    expect(error).toBeInstanceOf(CannotWriteError)
    expect(error).toBeInstanceOf(RefusedError)
    expect(error).toMatchObject({
      code: ours,
      exitCode: 3,
      path: '/base/condamig.ini',
      message: `cannot write /base/condamig.ini: ${what} (${code}); the file is unchanged — ${todo} and run again`,
    })
  })

  it('leaves any other error alone (a bug stays a bug)', () => {
    expect(cannotWrite('/x', errno('EISDIR'))).toBeUndefined()
    expect(cannotWrite('/x', new Error('boom'))).toBeUndefined()
  })
})

describe('TEMP_SIBLING recognises exactly what tempSibling makes', () => {
  it('matches a temp sibling and captures its pid; not other names', () => {
    const name = tempSibling('/base/env_specs/hlink.yml').split('/').at(-1) ?? ''
    expect(TEMP_SIBLING.exec(name)?.[1]).toBe(String(process.pid))
    for (const other of [
      'hlink.yml',
      '.hlink.yml.condamig-tmp-12-xyz',
      '.hlink.yml.condamig-tmp-12',
      'a.condamig-tmp-1-0123abcd',
    ])
      expect(TEMP_SIBLING.test(other), other).toBe(false)
  })
})

describe('standsFor names the file a temp sibling stands for, in messages', () => {
  it('strips one or more temp layers; other paths stay', () => {
    const once = tempSibling('/base/reports/replicate-20261126T120000Z.csv')
    expect(standsFor(once)).toBe('/base/reports/replicate-20261126T120000Z.csv')
    expect(standsFor(tempSibling(once))).toBe('/base/reports/replicate-20261126T120000Z.csv')
    expect(standsFor('/base/condamig.ini')).toBe('/base/condamig.ini')
  })
})

describe('isSameGroup: a recorded process group is ours only while its number is not reused', () => {
  const group = {pgid: 500, startTime: 1000}
  it('the leader started when recorded → ours; at another time → a reused number', () => {
    expect(
      isSameGroup(group, [
        {pid: 500, startTime: 1000},
        {pid: 501, startTime: 1001},
      ]),
    ).toBe(true)
    expect(isSameGroup(group, [{pid: 500, startTime: 2000}])).toBe(false)
  })
  it('the leader gone: ours while every member is younger than the recorded leader', () => {
    expect(isSameGroup(group, [{pid: 501, startTime: 1001}])).toBe(true)
    expect(isSameGroup(group, [{pid: 499, startTime: 900}])).toBe(false)
  })
})
