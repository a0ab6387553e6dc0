import {describe, expect, it} from 'vitest'

import {kernelTarget, stableKernelPath} from '../../../../src/domain/kernels/kernel-target.js'

const BASES = ['/pkg/conda', '/mnt/gpfs/pkg/conda']

describe('kernelTarget', () => {
  it('follows current through BASE/envs and BASE/current/envs', () => {
    expect(kernelTarget('/pkg/conda/envs/hlink/bin/python', BASES)).toEqual({
      kind: 'env',
      env: 'hlink',
      via: 'envs-link',
      pinned: false,
    })
    expect(kernelTarget('/pkg/conda/current/envs/hlink/bin/python', BASES)).toEqual({
      kind: 'env',
      env: 'hlink',
      via: 'current',
      pinned: false,
    })
  })

  it('flags a kernel pinned to a versioned root, under any spelling of BASE', () => {
    expect(kernelTarget('/mnt/gpfs/pkg/conda/v4.3/envs/hlink/bin/python', BASES)).toEqual({
      kind: 'env',
      env: 'hlink',
      via: 'root',
      root: 'v4.3',
      pinned: true,
    })
  })

  it('knows a root base env and ignores interpreters outside BASE', () => {
    expect(kernelTarget('/pkg/conda/current/bin/python', BASES)).toEqual({
      kind: 'root-base',
      root: 'current',
      pinned: false,
    })
    expect(kernelTarget('/pkg/conda/v4.3/bin/python3', BASES)).toEqual({kind: 'root-base', root: 'v4.3', pinned: true})
    expect(kernelTarget('/usr/bin/python3', BASES)).toEqual({kind: 'external'})
    expect(kernelTarget('python', BASES)).toEqual({kind: 'external'})
    expect(kernelTarget('/pkg/condaX/envs/a/bin/python', BASES)).toEqual({kind: 'external'})
  })

  it('normalises the path before deciding', () => {
    expect(kernelTarget('/pkg/conda/v4.3/../envs/hlink/bin/python', BASES)).toMatchObject({
      kind: 'env',
      via: 'envs-link',
    })
  })
})

describe('stableKernelPath', () => {
  it('rewrites a pinned interpreter to the path that follows current', () => {
    expect(stableKernelPath('/pkg/conda/v4.3/envs/hlink/bin/python3.8', BASES, '/pkg/conda')).toBe(
      '/pkg/conda/envs/hlink/bin/python3.8',
    )
  })

  it('leaves stable and external interpreters alone', () => {
    expect(stableKernelPath('/pkg/conda/envs/hlink/bin/python', BASES, '/pkg/conda')).toBeUndefined()
    expect(stableKernelPath('/usr/bin/python3', BASES, '/pkg/conda')).toBeUndefined()
  })
})
