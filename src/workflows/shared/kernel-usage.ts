import {realpathSync} from 'node:fs'

import {kernelTarget, type KernelTarget} from '../../domain/kernels/kernel-target.js'
import {readKernelSpecs, type KernelSpec} from '../../system/kernel-specs.js'

export type KernelUse = KernelSpec & {target: KernelTarget}

/** The spellings of BASE a kernel may use: as given and resolved (a base mounted through a symlink). */
export const baseSpellings = (base: string): string[] => {
  try {
    const real = realpathSync(base)
    return real === base ? [base] : [base, real]
  } catch {
    return [base]
  }
}

/** Every kernel spec with where its interpreter points. */
export const readKernelUse = (kernelsDir: string, base: string): KernelUse[] => {
  const bases = baseSpellings(base)
  return readKernelSpecs(kernelsDir, {base}).map((spec) => ({
    ...spec,
    target: spec.argv0 ? kernelTarget(spec.argv0, bases) : {kind: 'external'},
  }))
}

/** Kernel names per environment name. */
export const kernelsByEnv = (kernels: readonly KernelUse[]): Map<string, string[]> => {
  const map = new Map<string, string[]>()
  for (const kernel of kernels) {
    if (kernel.target.kind !== 'env') continue
    map.set(kernel.target.env, [...(map.get(kernel.target.env) ?? []), kernel.name])
  }

  return map
}
