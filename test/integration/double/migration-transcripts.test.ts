import {readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {Sandbox, TRANSCRIPTS_DIR, loadTranscript, normalise} from '../../support/double-transcripts.js'

/**
 * The migration transcripts (export with v1's 23.7.4, env create in v2 25.11.1 / v3 26.7.1):
 * where `env create` puts the env and what it does with `name:`/`prefix:` (README point 3), and the
 * pip sections whose git origin the export lost. The env lists of those directories show the state
 * of the whole recording session (all three version suites) and are not replayed here; the
 * registry leak they show is tested in env-registry.test.ts.
 */
const CASES: Record<string, string[]> = {
  'migration-v1-to-v2': [
    'v2-env-create-name-from-file.txt',
    'v2-env-create-py311-by-prefix.txt',
    'v2-env-create-py311-by-name.txt',
    'v2-env-create-existing.txt',
    'v2-env-create-withpip.txt',
    'v2-env-create-pipok.txt',
    'v2-env-create-path-name-no-target.txt',
    'v1-env-create-prefix-only-no-target.txt',
    'v2-env-create-prefix-only-no-target.txt',
  ],
  'migration-v1-to-v3': [
    'v3-env-create-name-from-file.txt',
    'v3-env-create-py311-by-prefix.txt',
    'v3-env-create-py311-by-name.txt',
    'v3-env-create-existing.txt',
    'v3-env-create-withpip.txt',
    'v3-env-create-pipok.txt',
    'v3-env-create-path-name-no-target.txt',
    'v3-env-create-prefix-only-no-target.txt',
    'v3-env-create-prefix-only-no-target.after-ls.txt',
  ],
}

for (const [dir, files] of Object.entries(CASES)) {
  describe(`${dir} transcripts replayed against the double`, () => {
    let box: Sandbox
    beforeAll(async () => {
      box = new Sandbox()
      await box.addRoot('v1', '23.7.4')
      await box.addRoot(dir.endsWith('v2') ? 'v2' : 'v3', dir.endsWith('v2') ? '25.11.1' : '26.7.1')
      for (const f of readdirSync(join(TRANSCRIPTS_DIR, dir)).filter((n) => n.startsWith('mig-'))) {
        writeFileSync(
          box.path(`/opt/conda-example/work/specs/${f}`),
          box.path(readFileSync(join(TRANSCRIPTS_DIR, dir, f), 'utf8')),
        )
      }
    }, 30_000)
    afterAll(() => box?.remove())

    for (const file of files) {
      it(`${file}: same exit code, stdout and stderr`, () => {
        const t = loadTranscript(dir, file)
        const r = box.run(t)
        expect({exitCode: r.exitCode, stdout: normalise(r.stdout), stderr: normalise(r.stderr)}).toEqual({
          exitCode: t.exitCode,
          stdout: normalise(t.stdout),
          stderr: normalise(t.stderr),
        })
      })
    }
  })
}
