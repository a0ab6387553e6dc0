import {describe, expect, it} from 'vitest'
import {parsePipDep} from '../../../../src/domain/spec/parse-pip-dep.js'

describe('parsePipDep', () => {
  it.each([
    ['numpy', {kind: 'requirement', name: 'numpy'}],
    ['numpy==1.2', {kind: 'requirement', name: 'numpy', specifier: '==1.2'}],
    ['numpy >= 1.2', {kind: 'requirement', name: 'numpy', specifier: '>= 1.2'}],
    ['gym[atari]', {kind: 'requirement', name: 'gym'}],
    ['gym[atari]>=0.9', {kind: 'requirement', name: 'gym', specifier: '>=0.9'}],
    ['pkg; python_version < "3.8"', {kind: 'requirement', name: 'pkg', specifier: '; python_version < "3.8"'}],
    ['Typing_Extensions==4.0', {kind: 'requirement', name: 'Typing_Extensions', specifier: '==4.0'}],
    ['numpy=1.2', {kind: 'requirement', name: 'numpy', specifier: '=1.2', condaStyle: true}],
    [
      'python=3.7.10=h88f2d9e_0',
      {kind: 'requirement', name: 'python', specifier: '=3.7.10=h88f2d9e_0', condaStyle: true},
    ],
    ['pylint 2.6.0', {kind: 'requirement', name: 'pylint', specifier: '2.6.0', condaStyle: true}],
    ['numpy==1.2=py_0', {kind: 'requirement', name: 'numpy', specifier: '==1.2=py_0', condaStyle: true}],
    [
      'git+https://github.com/luyug/GradCache.git@main',
      {kind: 'vcs', url: 'git+https://github.com/luyug/GradCache.git@main'},
    ],
    [
      'git+file:///srv/git/hlink-private@v0.2.0#egg=hlink-private',
      {kind: 'vcs', name: 'hlink-private', url: 'git+file:///srv/git/hlink-private@v0.2.0#egg=hlink-private'},
    ],
    ['hg+https://hg.example.org/repo#egg=x', {kind: 'vcs', name: 'x', url: 'hg+https://hg.example.org/repo#egg=x'}],
    ['svn+svn://svn.example.org/trunk', {kind: 'vcs', url: 'svn+svn://svn.example.org/trunk'}],
    ['bzr+lp:project#egg=p', {kind: 'vcs', name: 'p', url: 'bzr+lp:project#egg=p'}],
    [
      'hlink-private @ git+file:///srv/git/hlink-private@v0.2.0',
      {kind: 'vcs', name: 'hlink-private', url: 'git+file:///srv/git/hlink-private@v0.2.0'},
    ],
    [
      'q2-boots@git+https://github.com/caporaso-lab/q2-boots.git@2025.7.beta',
      {kind: 'vcs', name: 'q2-boots', url: 'git+https://github.com/caporaso-lab/q2-boots.git@2025.7.beta'},
    ],
    [
      '-e git+https://github.com/jjnurminen/gaitutils.git#egg=gaitutils',
      {kind: 'editable', name: 'gaitutils', url: 'git+https://github.com/jjnurminen/gaitutils.git#egg=gaitutils'},
    ],
    ['-e .', {kind: 'editable', url: '.'}],
    ['--editable=./src/pkg', {kind: 'editable', url: './src/pkg'}],
    ['.', {kind: 'local', url: '.'}],
    ['../shared/pkg', {kind: 'local', url: '../shared/pkg'}],
    ['/abs/path/pkg-1.0.tar.gz', {kind: 'local', url: '/abs/path/pkg-1.0.tar.gz'}],
    ['~/src/pkg', {kind: 'local', url: '~/src/pkg'}],
    ['C:\\Users\\me\\pkg', {kind: 'local', url: 'C:\\Users\\me\\pkg'}],
    ['dist/pkg-1.0-py3-none-any.whl', {kind: 'local', url: 'dist/pkg-1.0-py3-none-any.whl'}],
    ['file:///srv/wheels/pkg-1.0.whl', {kind: 'local', url: 'file:///srv/wheels/pkg-1.0.whl'}],
    ['pkg @ file:///srv/src/pkg', {kind: 'local', name: 'pkg', url: 'file:///srv/src/pkg'}],
    [
      'https://github.com/jjnurminen/ulstools/archive/master.zip',
      {kind: 'url', url: 'https://github.com/jjnurminen/ulstools/archive/master.zip'},
    ],
    [
      'en-core-web-sm @ https://example.org/en_core_web_sm-3.0.0-py3-none-any.whl',
      {kind: 'url', name: 'en-core-web-sm', url: 'https://example.org/en_core_web_sm-3.0.0-py3-none-any.whl'},
    ],
    [
      '--extra-index-url https://pypi.org/simple',
      {kind: 'option', option: '--extra-index-url', url: 'https://pypi.org/simple'},
    ],
    [
      '--find-links=https://data.dgl.ai/wheels/repo.html',
      {kind: 'option', option: '--find-links', url: 'https://data.dgl.ai/wheels/repo.html'},
    ],
    ['-f /srv/wheels', {kind: 'option', option: '--find-links', url: '/srv/wheels'}],
    [
      '-i https://pypi.example.org/simple',
      {kind: 'option', option: '--index-url', url: 'https://pypi.example.org/simple'},
    ],
    ['--trusted-host pypi.example.org', {kind: 'option', option: '--trusted-host', url: 'pypi.example.org'}],
    ['-r requirements.txt', {kind: 'option', option: '--requirement', url: 'requirements.txt'}],
    ['--pre', {kind: 'option', option: '--pre'}],
  ])('%s', (raw, expected) => {
    expect(parsePipDep(raw)).toEqual({raw, ...expected})
  })

  it('keeps the line', () => {
    expect(parsePipDep(' six==1.10.0 ', 12)).toEqual({
      raw: 'six==1.10.0',
      kind: 'requirement',
      name: 'six',
      specifier: '==1.10.0',
      line: 12,
    })
  })
})
