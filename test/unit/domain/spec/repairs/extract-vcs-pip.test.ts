import {describe, expect, it} from 'vitest'
import {extractVcsPip} from '../../../../../src/domain/spec/repairs/extract-vcs-pip.js'
import {context, fixture, spec} from './context.js'

const LOCAL =
  'installed from a local path, relative to the old environment file: pip cannot install it for the new env; ' +
  'install it by hand, or replace it in env_specs/overrides/hlink.yml'

describe('extractVcsPip', () => {
  it('turns the pip git URL of 023 into a git step and its local path into a todo', () => {
    const {spec: repaired, deferred, todos, changes} = extractVcsPip(fixture('023.yml'), context())
    expect(deferred).toEqual([{kind: 'git', url: 'git+https://github.com/bendichter/nwbext_ecog.git'}])
    expect(todos).toEqual([{subject: '.', reason: LOCAL}])
    expect(repaired.pip.map((dep) => dep.raw)).not.toContain('.')
    expect(repaired.pip).toHaveLength(fixture('023.yml').pip.length - 2)
    expect(changes.map((change) => change.rule)).toEqual(['vcs-extracted', 'vcs-extracted'])
  })

  it('rewrites the PEP 508 form of 028 to git+URL#egg=name, which pip 23 accepts', () => {
    expect(extractVcsPip(fixture('028.yml'), context()).deferred).toEqual([
      {kind: 'git', url: 'git+https://github.com/caporaso-lab/q2-boots.git@2025.7.beta#egg=q2-boots', name: 'q2-boots'},
      {
        kind: 'git',
        url: 'git+https://github.com/bokulich-lab/q2-kmerizer.git@main#egg=q2_kmerizer',
        name: 'q2_kmerizer',
      },
    ])
  })

  it('installs the editable git checkout of 043 non-editable and keeps its archive URL in pip', () => {
    const {spec: repaired, deferred, changes} = extractVcsPip(fixture('043.yml'), context())
    expect(deferred).toEqual([
      {kind: 'git', url: 'git+https://github.com/jjnurminen/gaitutils.git#egg=gaitutils', name: 'gaitutils'},
    ])
    expect(changes[0]?.reason).toMatch(/non-editable/)
    expect(repaired.pip.map((dep) => dep.raw)).toContain('https://github.com/jjnurminen/ulstools/archive/master.zip')
  })

  it('turns `-e .` of 018 and 030 into todos', () => {
    for (const file of ['018.yml', '030.yml']) {
      const {todos, deferred} = extractVcsPip(fixture(file), context())
      expect(todos).toEqual([{subject: '-e .', reason: LOCAL}])
      expect(deferred).toEqual([])
    }
  })

  it('keeps pip URLs and index options in the pip step (008, 029, 049)', () => {
    for (const file of ['008.yml', '029.yml', '049.yml']) {
      const input = fixture(file)
      expect(extractVcsPip(input, context()).spec.pip).toEqual(input.pip)
    }
  })

  it('handles every VCS and local form', () => {
    const input = spec(
      'dependencies:',
      '  - pip:',
      '    - hg+https://hg.example.org/tool#egg=tool',
      '    - svn+svn://svn.example.org/trunk',
      '    - bzr+lp:project',
      '    - hlink-private @ git+file:///srv/git/hlink-private@v0.2.0',
      '    - x @ git+https://h/x.git#subdirectory=py',
      '    - file:///srv/wheels/a-1.0.whl',
      '    - b @ file:///srv/src/b',
      '    - ../shared/c',
      '    - -r requirements.txt',
      '    - six',
    )
    const {spec: repaired, deferred, todos} = extractVcsPip(input, context())
    expect((deferred ?? []).map((step) => (step.kind === 'git' ? step.url : ''))).toEqual([
      'hg+https://hg.example.org/tool#egg=tool',
      'svn+svn://svn.example.org/trunk',
      'bzr+lp:project',
      'git+file:///srv/git/hlink-private@v0.2.0#egg=hlink-private',
      'git+https://h/x.git#subdirectory=py&egg=x',
    ])
    expect((todos ?? []).map((todo) => todo.subject)).toEqual([
      'file:///srv/wheels/a-1.0.whl',
      'b @ file:///srv/src/b',
      '../shared/c',
      '-r requirements.txt',
    ])
    expect(repaired.pip.map((dep) => dep.raw)).toEqual(['six'])
  })
})
