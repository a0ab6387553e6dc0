/**
 * The transcript replay suite for one conda version: every recorded command of
 * fixtures/transcripts/conda-<version>, in the recorded order, against a root of that version.
 * Exact after normalisation, except the cases listed in `approximate` (each with its reason).
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {
  Sandbox,
  loadTranscript,
  normalise,
  prepare,
  scenarioOrder,
  significantLines,
  type Replay,
  type Transcript,
} from './double-transcripts.js'

/** How a case that cannot match byte for byte is compared instead, and why. */
export type Approximation = {why: string; compare: (expected: Transcript, actual: Replay) => void}

/** Compares the exit code and the meaningful lines of both streams. */
export const sameSignificantLines: Approximation['compare'] = (t, r) => {
  expect(r.exitCode).toBe(t.exitCode)
  expect(significantLines(r.stdout)).toEqual(significantLines(t.stdout))
  expect(significantLines(r.stderr)).toEqual(significantLines(t.stderr))
}

/** Compares JSON documents after sorting the arrays `keys` point at (conda's set order). */
export const sameJsonIgnoringOrder =
  (...paths: string[][]): Approximation['compare'] =>
  (t, r) => {
    expect(r.exitCode).toBe(t.exitCode)
    const sortAt = (doc: unknown) => {
      for (const path of paths) {
        let node = doc as Record<string, unknown>
        for (const k of path.slice(0, -1)) node = node[k] as Record<string, unknown>
        const last = path.at(-1) as string
        node[last] = [...(node[last] as unknown[])].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))
      }
      return doc
    }
    const parse = (s: string) => sortAt(JSON.parse(normalise(s).replace(/^[^{[]*/, '')))
    expect(parse(r.stdout)).toEqual(parse(t.stdout))
  }

/** Compares the lines as sets (conda prints some lists in hash-set order). */
export const sameLinesAnyOrder: Approximation['compare'] = (t, r) => {
  expect(r.exitCode).toBe(t.exitCode)
  const lines = (s: string) => normalise(s).split('\n').sort()
  expect(lines(r.stdout)).toEqual(lines(t.stdout))
  expect(normalise(r.stderr)).toBe(normalise(t.stderr))
}

/**
 * Declares the replay tests of conda `version` (root roots/<vn>).
 * @param approximate cases compared approximately; `skip` lists cases the double does not reproduce
 */
export const replaySuite = (
  version: string,
  vn: string,
  approximate: Record<string, Approximation>,
  skip: Record<string, string> = {},
) => {
  const dir = `conda-${version}`
  describe(`conda ${version} transcripts replayed against the double`, () => {
    let box: Sandbox
    beforeAll(async () => {
      box = new Sandbox()
      await box.addRoot(vn, version)
    }, 30_000)
    afterAll(() => box?.remove())

    for (const file of scenarioOrder(version)) {
      const t = loadTranscript(dir, file)
      const approx = approximate[file]
      const title = `${file}: ${approx ? `approximately (${approx.why})` : 'same exit code, stdout and stderr'}`
      if (skip[file]) {
        it.skip(`${file}: not reproduced (${skip[file]})`, () => {})
        continue
      }
      it(title, () => {
        prepare(box, dir, version, file)
        const r = box.run(t)
        if (approx) {
          approx.compare(t, r)
          return
        }
        expect({exitCode: r.exitCode, stdout: normalise(r.stdout), stderr: normalise(r.stderr)}).toEqual({
          exitCode: t.exitCode,
          stdout: normalise(t.stdout),
          stderr: normalise(t.stderr),
        })
      })
    }
  })
}

/** Compares JSON documents ignoring key order (keys that come from a Python set or dict of env vars). */
export const sameJsonAnyKeyOrder: Approximation['compare'] = (t, r) => {
  expect(r.exitCode).toBe(t.exitCode)
  expect(JSON.parse(normalise(r.stdout))).toEqual(JSON.parse(normalise(t.stdout)))
}

const unsatLines = (text: string) =>
  normalise(text)
    .split(/\n|\\n/)
    .map((l) => l.trim())
    .filter((l) => /^"?(error": ")?UnsatisfiableError:|^Package \S+ conflicts for:|^Cause:|exception_name/.test(l))

/**
 * UnsatisfiableError reports: the classic solver lists its conflict chains and the spurious
 * `__glibc` lines in hash order, differently on every run. stdout (progress) must match exactly;
 * of the report, the error line, the conflicting package and (26.7) the cause.
 */
export const sameUnsatisfiable: Approximation['compare'] = (t, r) => {
  expect(r.exitCode).toBe(t.exitCode)
  if (t.stdout.trimStart().startsWith('{')) {
    const [a, e] = [JSON.parse(r.stdout), JSON.parse(t.stdout)] as Array<Record<string, string>>
    expect(a?.exception_name).toBe(e?.exception_name)
    expect(unsatLines(a?.message ?? '')).toEqual(unsatLines(e?.message ?? ''))
    return
  }
  expect(normalise(r.stdout)).toBe(normalise(t.stdout))
  expect(unsatLines(r.stderr)).toEqual(unsatLines(t.stderr))
}

/**
 * The base env: the recording harness's base had no package records (transcripts README,
 * "Artefacts of the harness"), a real base — and the double's — lists conda and python.
 */
export const baseHasConda: Approximation['compare'] = (t, r) => {
  expect(r.exitCode).toBe(t.exitCode)
  expect(normalise(r.stderr)).toBe(normalise(t.stderr))
  if (t.file.endsWith('.json')) {
    const names = (JSON.parse(r.stdout) as Array<{name: string}>).map((p) => p.name)
    expect(names).toEqual(expect.arrayContaining(['conda', 'python']))
    return
  }
  const out = normalise(r.stdout)
  expect(out).toMatch(/^name: base\n/)
  expect(out).toMatch(/\n {2}- conda=\d/)
  expect(out.split('\n').at(-2)).toBe(normalise(t.stdout).split('\n').at(-2))
}

/** The approximations every version needs. */
export const COMMON_APPROXIMATIONS: Record<string, Approximation> = {
  'create-unsatisfiable.txt': {why: 'conflict chains are printed in hash order', compare: sameUnsatisfiable},
  'create-unsatisfiable.json': {why: 'conflict chains are printed in hash order', compare: sameUnsatisfiable},
  'create-unsatisfiable-dep.txt': {why: 'conflict chains are printed in hash order', compare: sameUnsatisfiable},
  'env-create-unsatisfiable.txt': {why: 'conflict chains are printed in hash order', compare: sameUnsatisfiable},
  'install-unsatisfiable.txt': {why: 'conflict chains are printed in hash order', compare: sameUnsatisfiable},
  'list-base.json': {why: "the harness's base had no records; a real base lists conda", compare: baseHasConda},
  'env-export-base.yml': {why: "the harness's base had no records; a real base lists conda", compare: baseHasConda},
  'env-export-from-history.yml': {why: 'requested specs come out of a set', compare: sameLinesAnyOrder},
  'remove-all-json.json': {why: 'UNLINK follows a set order', compare: sameJsonIgnoringOrder(['actions', 'UNLINK'])},
}
