import {dirname, join} from 'node:path'

import {stableKernelPath} from '../../domain/kernels/kernel-target.js'
import {writeFileAtomic} from '../../system/atomic-write.js'
import {confineTo} from '../../system/base-confinement.js'
import {reportTimestamp} from '../../system/csv-report.js'
import {isCondaEnv} from '../../system/fs-facts.js'
import {readBaseFile} from '../../system/safe-read.js'
import {baseSpellings, readKernelUse} from '../shared/kernel-usage.js'

/** One pinned kernel and what --rewrite-kernels does (or did) with it. */
export type KernelRewrite = {
  kernel: string
  file: string
  /** argv[0] before and after. */
  from: string
  to: string
  /** Set once done: the copy of the original kernel.json kept beside it. */
  backup?: string
  /** Why it was not (or could not be) rewritten. */
  skipped?: string
}

/**
 * The pinned kernels (argv[0] under a versioned root, `BASE/v4.3/envs/X/…`) and their stable spelling
 * `BASE/envs/X/…`, which follows `current`. A kernel whose env the new root lacks is listed as skipped: pointing it
 * at `BASE/envs/X` would break it.
 */
export const planKernelRewrites = (base: string, kernelsDir: string, newRoot: string): KernelRewrite[] => {
  const bases = baseSpellings(base)
  return readKernelUse(kernelsDir, base).flatMap((kernel) => {
    const {target, argv0} = kernel
    if (target.kind !== 'env' || !target.pinned || argv0 === undefined) return []
    const to = stableKernelPath(argv0, bases, base)
    if (to === undefined) return []
    const rewrite = {kernel: kernel.name, file: kernel.file, from: argv0, to}
    return isCondaEnv(join(newRoot, 'envs', target.env))
      ? [rewrite]
      : [{...rewrite, skipped: `env ${target.env} is not in the new root; left pinned to ${target.root}`}]
  })
}

/**
 * The text with argv[0]'s string literal replaced, every other byte kept (an admin's formatting, key order, escapes);
 * undefined when argv[0] is not the first string of `"argv": [` as expected.
 */
const replaceArgv0 = (text: string, from: string, to: string): string | undefined => {
  const match = /"argv"\s*:\s*\[\s*("(?:[^"\\]|\\.)*")/.exec(text)
  const literal = match?.[1]
  if (!match || literal === undefined || JSON.parse(literal) !== from) return undefined
  const start = match.index + match[0].length - literal.length
  return `${text.slice(0, start)}${JSON.stringify(to)}${text.slice(start + literal.length)}`
}

/** argv[0] of the parsed document changed to `to`, nothing else: as text when possible, else re-serialised. */
const rewriteText = (text: string, document: Record<string, unknown> & {argv: unknown[]}, from: string, to: string) => {
  const wanted = {...document, argv: [to, ...document.argv.slice(1)]}
  const edited = replaceArgv0(text, from, to)
  if (edited !== undefined && JSON.stringify(JSON.parse(edited)) === JSON.stringify(wanted)) return edited
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? 1 // Jupyter writes 1 space
  return `${JSON.stringify(wanted, null, indent)}${text.endsWith('\n') ? '\n' : ''}`
}

/**
 * Rewrites argv[0] of each planned kernel.json (nothing else of the parsed document changes), keeping the original
 * as `kernel.json.condamig-<UTC>.bak` beside it. A spec that changed since it was planned, or cannot be written
 * (someone else's file), is left as it is and says why.
 */
export const applyKernelRewrites = (
  rewrites: readonly KernelRewrite[],
  ctx: {base: string; now: () => Date},
): KernelRewrite[] =>
  rewrites.map((rewrite) => {
    if (rewrite.skipped) return rewrite
    try {
      // a regular file in BASE or the kernels dir only: a link planted since the preflight is refused, not followed
      const within = confineTo(ctx.base, [dirname(dirname(rewrite.file))])
      const text = readBaseFile(rewrite.file, {what: 'kernel spec', within})
      if (text === undefined) return {...rewrite, skipped: 'kernel.json is gone since the preflight'}
      const document = JSON.parse(text) as Record<string, unknown> & {argv?: unknown[]}
      if (!Array.isArray(document.argv) || document.argv[0] !== rewrite.from) {
        return {...rewrite, skipped: 'kernel.json changed since the preflight; left as it is'}
      }

      const backup = `${rewrite.file}.condamig-${reportTimestamp(ctx.now())}.bak`
      writeFileAtomic(backup, text, {shared: ctx.base})
      const rewritten = rewriteText(text, {...document, argv: document.argv}, rewrite.from, rewrite.to)
      writeFileAtomic(rewrite.file, rewritten, {shared: ctx.base})
      return {...rewrite, backup}
    } catch (error) {
      return {...rewrite, skipped: `not rewritten: ${(error as Error).message}`}
    }
  })
