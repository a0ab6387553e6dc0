import {describe, expect, it} from 'vitest'
import {restorePipOrigins} from '../../../../../src/domain/spec/repairs/restore-pip-origins.js'
import {parseExport} from '../../../../../src/domain/spec/parse-export.js'
import {transcriptStdout} from '../exports.js'
import {context, spec} from './context.js'

const COMMIT = '6c59a7cb98cf6365b2b6826fa84dfc3ac543bef0'

describe('restorePipOrigins', () => {
  it('puts back the git origin conda env export lost (transcripts env-export-with-pip-git, pip-freeze)', () => {
    // Given the export's `hlink-private==0.2.0`, and pip freeze's `hlink-private @ git+file:///…@<commit>`
    const exported = parseExport(transcriptStdout('conda-23.7.4', 'env-export-with-pip-git.yml'), 'withpip.yml')
    expect(transcriptStdout('conda-23.7.4', 'pip-freeze.txt')).toContain(
      `hlink-private @ git+file:///opt/conda-example/gitrepos/hlink-private@${COMMIT}`,
    )
    const origin = {
      name: 'hlink-private',
      url: 'file:///opt/conda-example/gitrepos/hlink-private',
      commit: COMMIT,
      kind: 'vcs' as const,
    }
    // When the origin is restored
    const {spec: repaired, changes, todos} = restorePipOrigins(exported, context({pipOrigins: [origin]}))
    // Then the entry is the git+URL@commit#egg= form pip 23 accepts (transcripts env-create-pip-ok)
    const url = `git+file:///opt/conda-example/gitrepos/hlink-private@${COMMIT}#egg=hlink-private`
    expect(repaired.pip[1]).toEqual({raw: url, kind: 'vcs', name: 'hlink-private', url, line: 23})
    expect(repaired.pip.map((dep) => dep.raw)).toEqual(['hlink-client==1.0.0', url, 'internal-tools==2.3.0'])
    expect(changes).toEqual([
      {
        rule: 'pip-origin-restored',
        subject: 'hlink-private==0.2.0',
        result: url,
        reason: 'conda env export drops VCS origins; this one was recovered from the old env (direct_url.json)',
      },
    ])
    expect(todos).toEqual([])
    expect(exported.pip[1]?.raw).toBe('hlink-private==0.2.0')
  })

  it('matches names per PEP 503 and keeps a git+ URL and another VCS as they are', () => {
    const input = spec('dependencies:', '  - pip:', '    - Hlink_Private==0.2.0', '    - tool')
    const origins = [
      {name: 'hlink-private', url: 'git+https://git.example.org/hlink-private.git', kind: 'vcs' as const},
      {name: 'tool', url: 'https://hg.example.org/tool', commit: 'abc', vcs: 'hg' as const, kind: 'vcs' as const},
    ]
    expect(restorePipOrigins(input, context({pipOrigins: origins})).spec.pip.map((dep) => dep.raw)).toEqual([
      'git+https://git.example.org/hlink-private.git#egg=hlink-private',
      'hg+https://hg.example.org/tool@abc#egg=tool',
    ])
  })

  it('takes out a package installed from a local path and leaves a human todo', () => {
    const input = spec('dependencies:', '  - pip:', '    - mytool==1.0', '    - six==1.16')
    const origin = {name: 'mytool', url: 'file:///home/alice/src/mytool', kind: 'local' as const}
    const {spec: repaired, changes, todos} = restorePipOrigins(input, context({pipOrigins: [origin]}))
    expect(repaired.pip.map((dep) => dep.raw)).toEqual(['six==1.16'])
    expect(changes).toHaveLength(1)
    expect(todos).toEqual([
      {
        subject: 'mytool==1.0',
        reason:
          'was installed from a local path (file:///home/alice/src/mytool) that pip cannot fetch for the new env: ' +
          'install it by hand into the new env, or add it to an override',
      },
    ])
  })

  it('leaves entries that already say where they come from, or pin a range', () => {
    const input = spec('dependencies:', '  - pip:', '    - x>=1', '    - git+https://h/x.git#egg=x')
    const origin = {name: 'x', url: 'https://h/x.git', kind: 'vcs' as const}
    expect(restorePipOrigins(input, context({pipOrigins: [origin]})).changes).toEqual([])
  })
})
