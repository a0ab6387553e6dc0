import {describe, expect, it} from 'vitest'

import {kernelChecks, pythonAfterFlip, PINNED_KERNEL_DETAIL} from '../../../../src/domain/verify/kernel-checks.js'

const BASE = '/pkg/conda'
const QA = '/pkg/conda/v4.8'

describe('pythonAfterFlip', () => {
  it('follows envs/ and current/ to the qa root, and checks a pinned path at its stable spelling', () => {
    expect(pythonAfterFlip(`${BASE}/envs/hlink/bin/python`, 'hlink', [BASE], QA)).toBe(`${QA}/envs/hlink/bin/python`)
    expect(pythonAfterFlip(`${BASE}/current/envs/hlink/bin/python3`, 'hlink', [BASE], QA)).toBe(
      `${QA}/envs/hlink/bin/python3`,
    )
    expect(pythonAfterFlip(`${BASE}/v4.3/envs/hlink/bin/python`, 'hlink', [BASE], QA)).toBe(
      `${QA}/envs/hlink/bin/python`,
    )
  })

  it('knows BASE under its resolved spelling too', () => {
    expect(pythonAfterFlip('/mnt/real/envs/x/bin/python', 'x', [BASE, '/mnt/real'], QA)).toBe(`${QA}/envs/x/bin/python`)
  })

  it('is undefined outside BASE', () => {
    expect(pythonAfterFlip('/usr/bin/python3', 'x', [BASE], QA)).toBeUndefined()
  })
})

describe('kernelChecks', () => {
  const kernel = {
    name: 'hlink',
    file: `${BASE}/kernels/hlink/kernel.json`,
    argv0: `${BASE}/envs/hlink/bin/python`,
    env: 'hlink',
  }
  const facts = {envInQa: true, pythonAfterFlip: `${QA}/envs/hlink/bin/python`, pythonExists: true}

  it('is ok when the env is in qa and ipykernel imports', () => {
    const [check, ...rest] = kernelChecks(kernel, {...facts, ipykernel: {ok: true, version: '6.28.0'}}, QA)
    expect(rest).toEqual([])
    expect(check).toMatchObject({check: 'kernel', status: 'ok', detail: `kernel hlink (${kernel.file})`})
    expect(check?.message).toContain('ipykernel 6.28.0 imports')
  })

  it('fails when the env is not in qa, naming the env', () => {
    const [check] = kernelChecks(kernel, {...facts, envInQa: false, pythonExists: false}, QA)
    expect(check).toMatchObject({status: 'failed', packages: ['hlink']})
    expect(check?.message).toContain('not in qa')
  })

  it('fails when ipykernel does not import', () => {
    const [check] = kernelChecks(
      kernel,
      {...facts, ipykernel: {ok: false, error: "ModuleNotFoundError: No module named 'ipykernel'"}},
      QA,
    )
    expect(check).toMatchObject({status: 'failed', packages: ['ipykernel']})
    expect(check?.message).toContain('No module named')
  })

  it('adds a failed pinned row for a kernel pinned to a versioned root', () => {
    const pinned = {
      ...kernel,
      argv0: `${BASE}/v4.3/envs/hlink/bin/python`,
      pinnedTo: 'v4.3',
      stablePath: `${BASE}/envs/hlink/bin/python`,
    }
    const checks = kernelChecks(pinned, {...facts, ipykernel: {ok: true}}, QA)
    expect(checks.map((c) => c.status)).toEqual(['ok', 'failed'])
    expect(checks[1]?.detail).toBe(`${PINNED_KERNEL_DETAIL} hlink (${kernel.file})`)
    expect(checks[1]?.remediation).toContain(`--rewrite-kernels`)
    expect(checks[1]?.remediation).toContain(`${BASE}/envs/hlink/bin/python`)
  })
})
