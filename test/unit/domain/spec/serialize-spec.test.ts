import {describe, expect, it} from 'vitest'
import type {EnvSpec} from '../../../../src/domain/spec/env-spec.js'
import {formatCondaDep} from '../../../../src/domain/spec/format-conda-dep.js'
import {parseExport} from '../../../../src/domain/spec/parse-export.js'
import {parsePipDep} from '../../../../src/domain/spec/parse-pip-dep.js'
import {serializeSpec} from '../../../../src/domain/spec/serialize-spec.js'
import {exportFiles, readExport} from './exports.js'

/** What must survive a round trip: conda deps as match specs, pip entries as written, name and channels. */
const essence = (spec: EnvSpec) => ({
  name: spec.name,
  channels: spec.channels,
  conda: spec.conda.map(formatCondaDep),
  pip: spec.pip.map(({raw, kind, name, url, condaStyle}) => ({raw, kind, name, url, condaStyle})),
  variables: spec.variables,
})

describe('serializeSpec', () => {
  it.each(exportFiles())('round-trips %s without losing a dependency', (file) => {
    const spec = parseExport(readExport(file), file)
    const written = serializeSpec(spec)
    const again = parseExport(written, `${file} (serialized)`)
    expect(essence(again)).toEqual(essence(spec))
    expect(written).not.toMatch(/^prefix:/m)
  })

  it('writes a clean file: name, channels, conda deps, the pip list last, variables', () => {
    const spec: EnvSpec = {
      name: 'hlink',
      channels: ['conda-forge', 'defaults'],
      conda: parseExport('name: x\ndependencies:\n  - numpy=1.2=py_0\n  - python >=3.10, <3.12\n', 'x').conda,
      pip: ['-e .', 'six==1.10', 'a @ git+https://h/a.git', '--extra-index-url https://x/simple'].map((raw) =>
        parsePipDep(raw),
      ),
      prefix: '/old/envs/hlink',
      variables: {HOME_DIR: '/srv/x: y', N: '1.10'},
    }
    expect(serializeSpec(spec)).toBe(
      [
        'name: hlink',
        'channels:',
        '  - conda-forge',
        '  - defaults',
        'dependencies:',
        '  - numpy=1.2=py_0',
        '  - python>=3.10,<3.12',
        '  - pip:',
        "      - '-e .'",
        '      - six==1.10',
        '      - a @ git+https://h/a.git',
        "      - '--extra-index-url https://x/simple'",
        'variables:',
        "  HOME_DIR: '/srv/x: y'",
        "  N: '1.10'",
        '',
      ].join('\n'),
    )
  })

  it('quotes what YAML would read differently and reads it back as written', () => {
    const names = ['1.10', 'true', 'null', '~', '- x', '#x', 'a #b', "it's", '[x]', '@x', 'a: b', 'tab\there', '']
    for (const name of names) {
      const spec: EnvSpec = {name, channels: [], conda: [], pip: [parsePipDep(`pkg==1 ; extra == "${name}"`)]}
      const again = parseExport(serializeSpec(spec), 'q.yml')
      expect(again.name ?? '', name).toBe(name.trim())
      expect(again.pip[0]?.raw).toBe(spec.pip[0]?.raw)
    }
  })

  it('writes an empty dependency list for an env with nothing in it', () => {
    expect(serializeSpec({name: 'e', channels: [], conda: [], pip: []})).toBe('name: e\ndependencies: []\n')
  })
})
