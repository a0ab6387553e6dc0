import type {RendererKind} from '../context.js'

/** Picks the listr2 renderer (STYLE §9): JSON → silent, tests → test, no TTY or CI → plain lines, else default. */
export const pickRenderer = (input: {
  json: boolean
  env: Record<string, string | undefined>
  isTTY: boolean
}): RendererKind => {
  if (input.json) return 'silent'
  if (input.env.NODE_ENV === 'test' || input.env.VITEST) return 'test'
  if (!input.isTTY || input.env.CI) return 'simple'
  return 'default'
}
