import {describe, expect, it} from 'vitest'

import {chooseSolver, solverOption} from '../../../src/conda/choose-solver.js'

describe('chooseSolver', () => {
  it("uses the root's bin/mamba whenever it has one", () => {
    expect(chooseSolver({condaVersion: '23.7.4', hasMamba: true, hasLibmambaSolver: true})).toBe('mamba')
    expect(chooseSolver({condaVersion: '22.9.0', hasMamba: true, hasLibmambaSolver: true})).toBe('mamba')
    expect(chooseSolver({condaVersion: '4.8.3', hasMamba: true, hasLibmambaSolver: false})).toBe('mamba')
  })

  it('uses conda --solver=libmamba without mamba when the plugin is installed and conda knows the flag', () => {
    expect(chooseSolver({condaVersion: '23.7.4', hasMamba: false, hasLibmambaSolver: true})).toBe('libmamba')
    expect(chooseSolver({condaVersion: '22.11.0', hasMamba: false, hasLibmambaSolver: true})).toBe('libmamba')
  })

  it('falls back to the classic solver', () => {
    expect(chooseSolver({condaVersion: '4.8.3', hasMamba: false, hasLibmambaSolver: true})).toBe('classic')
    expect(chooseSolver({condaVersion: '26.7.1', hasMamba: false, hasLibmambaSolver: false})).toBe('classic')
  })

  it('passes a --solver flag only for libmamba', () => {
    expect(solverOption('libmamba')).toBe('libmamba')
    expect(solverOption('classic')).toBeUndefined()
    expect(solverOption('mamba')).toBeUndefined()
  })
})
