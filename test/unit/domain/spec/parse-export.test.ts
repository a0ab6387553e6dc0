import {describe, expect, it} from 'vitest'
import {BadInputError} from '../../../../src/errors.js'
import {parseExport} from '../../../../src/domain/spec/parse-export.js'
import {transcriptInput, transcriptStdout} from './exports.js'

/** The BadInputError parseExport throws for `text`, or a failure when it does not throw one. */
const errorOf = (text: string, file = 'env_specs/x.yml'): BadInputError => {
  try {
    parseExport(text, file)
  } catch (error) {
    if (error instanceof BadInputError) return error
    throw error
  }

  throw new Error('parseExport did not throw')
}

describe('parseExport', () => {
  it('reads a plain export with its pip section and prefix', () => {
    const spec = parseExport(transcriptStdout('conda-23.7.4', 'env-export-with-pip-git.yml'), 'withpip.yml')
    expect(spec.name).toBe('withpip')
    expect(spec.channels).toEqual(['defaults', 'file:///opt/conda-example/channel'])
    expect(spec.conda).toHaveLength(15)
    expect(spec.conda[0]).toEqual({
      raw: 'ca-certificates=2023.12.12',
      name: 'ca-certificates',
      version: '2023.12.12',
      line: 6,
    })
    expect(spec.pip.map((dep) => dep.raw)).toEqual([
      'hlink-client==1.0.0',
      'hlink-private==0.2.0',
      'internal-tools==2.3.0',
    ])
    expect(spec.pip[1]?.line).toBe(23)
    expect(spec.prefix).toBe('/opt/conda-example/roots/v1/envs/withpip')
    expect(spec.warnings).toBeUndefined()
  })

  it.each(['conda-23.7.4', 'conda-25.11.1', 'conda-26.7.1'])(
    'reads the missing-env stub of %s as no dependencies',
    (dir) => {
      const spec = parseExport(transcriptStdout(dir, 'env-export-missing-env.yml'), 'nosuchenv.yml')
      expect(spec).toMatchObject({name: 'nosuchenv', conda: [], pip: []})
    },
  )

  it('reads --from-history and -p exports of every conda version', () => {
    for (const dir of ['conda-23.7.4', 'conda-25.11.1', 'conda-26.7.1']) {
      const history = parseExport(transcriptStdout(dir, 'env-export-from-history.yml'), 'h.yml')
      expect(history.conda.map((dep) => dep.raw).sort()).toEqual([
        'hlinkutils',
        'numpy=1.26',
        'pandas',
        'python=3.11',
        'requests',
      ])
      const byPrefix = parseExport(transcriptStdout(dir, 'env-export-by-prefix.yml'), 'p.yml')
      expect(byPrefix.name).toBe(`/opt/conda-example/work/prefix-envs/${dir.slice(6)}/byprefix`)
    }
  })

  it('reads a file with a prefix and no name (transcripts inputs/prefix-only.yml)', () => {
    const spec = parseExport(transcriptInput('prefix-only.yml'), 'prefix-only.yml')
    expect(spec.name).toBeUndefined()
    expect(spec.conda.map((dep) => dep.raw)).toEqual(['python=3.11'])
  })

  it('reads CRLF, a BOM, tabs after the text, quotes and inline comments', () => {
    const text =
      '\uFEFFname: "my env"  # quoted\r\nchannels:\r\n  - conda-forge\t# main\r\n' +
      "dependencies:\r\n  - 'numpy<2.0'   # pinned\r\n  - \"pandas\"\r\n  - pip:\r\n    - 'it''s==1.0'\r\n"
    expect(parseExport(text, 'x.yml')).toEqual({
      name: 'my env',
      channels: ['conda-forge'],
      conda: [
        {raw: 'numpy<2.0', name: 'numpy', version: '<2.0', line: 5},
        {raw: 'pandas', name: 'pandas', line: 6},
      ],
      pip: [{raw: "it's==1.0", kind: 'requirement', name: 'it', specifier: "'s==1.0", line: 8}],
    })
  })

  it('keeps a #egg fragment that is not a comment', () => {
    const spec = parseExport('name: x\ndependencies:\n  - pip:\n    - git+https://h/r.git#egg=r  # vcs\n', 'x.yml')
    expect(spec.pip[0]).toMatchObject({kind: 'vcs', name: 'r', url: 'git+https://h/r.git#egg=r'})
  })

  it('reads pip items at the same indentation as the pip key (compact YAML)', () => {
    const spec = parseExport('name: x\ndependencies:\n- a\n- pip:\n  - b\n- c\n', 'x.yml')
    expect(spec.conda.map((dep) => dep.raw)).toEqual(['a', 'c'])
    expect(spec.pip.map((dep) => dep.raw)).toEqual(['b'])
  })

  it('reads flow lists and other valid YAML the line scanner leaves to the YAML library', () => {
    const spec = parseExport('name: x\nchannels: [conda-forge]\ndependencies: [python=3.11, {pip: [six]}]\n', 'x.yml')
    expect(spec).toMatchObject({channels: ['conda-forge'], conda: [{raw: 'python=3.11', line: 3}], pip: [{raw: 'six'}]})
    const folded = parseExport('name: &n x\ndependencies:\n  - numpy\n    >=1.2\n', 'x.yml')
    expect(folded.conda).toEqual([{raw: 'numpy >=1.2', name: 'numpy', version: '>=1.2', line: 3}])
  })

  it('reads env variables', () => {
    const spec = parseExport('name: x\ndependencies: []\nvariables:\n  HLINK_HOME: /srv/hlink\n  N: 1.10\n', 'x.yml')
    expect(spec.variables).toEqual({HLINK_HOME: '/srv/hlink', N: '1.10'})
  })

  describe('when the file is not valid YAML', () => {
    it('reads an unclosed flow list line by line and says so (transcripts inputs/bad-yaml-syntax.yml)', () => {
      const spec = parseExport(transcriptInput('bad-yaml-syntax.yml'), 'bad.yml')
      expect(spec.name).toBe('badsyntax')
      expect(spec.conda.map((dep) => dep.raw)).toEqual(['python=3.11', 'numpy'])
      expect(spec.warnings?.[0]).toMatch(/^line \d+: not valid YAML \(.+\); read line by line instead$/)
    })

    it('ends an unclosed flow list at the next top-level key', () => {
      const spec = parseExport('name: u\ndependencies: [python=3.11, numpy\nchannels:\n  - conda-forge\n', 'u.yml')
      expect(spec.conda.map((dep) => dep.raw)).toEqual(['python=3.11', 'numpy'])
      expect(spec.channels).toEqual(['conda-forge'])
    })

    it('reads a file indented with tabs', () => {
      const spec = parseExport('name: t\ndependencies:\n\t- numpy\n\t- pip:\n\t\t- six\n', 't.yml')
      expect(spec.conda.map((dep) => dep.raw)).toEqual(['numpy'])
      expect(spec.pip.map((dep) => dep.raw)).toEqual(['six'])
      expect(spec.warnings).toContain('line 3: a tab in the indentation')
    })

    it('takes the last of two dependencies keys, as conda does', () => {
      const spec = parseExport('name: d\ndependencies:\n  - a\ndependencies:\n  - b\n', 'd.yml')
      expect(spec.conda.map((dep) => dep.raw)).toEqual(['b'])
      expect(spec.warnings).toContain('line 4: a second `dependencies:` (the last one counts)')
    })

    it('fails naming the line when nothing can be read', () => {
      expect(errorOf('foo: [unclosed\n').message).toMatch(/^env_specs\/x\.yml:\d+: .*not valid YAML/)
    })
  })

  describe('refuses what is not an environment file', () => {
    it.each([
      [
        '',
        'env_specs/x.yml:1: (empty): not an environment file: expected a mapping with `name:` and/or `dependencies:`; the file is empty',
      ],
      [
        '# only a comment\n',
        'env_specs/x.yml:1: (empty): not an environment file: expected a mapping with `name:` and/or `dependencies:`; the file is empty',
      ],
      [
        '- numpy\n- pandas\n',
        'env_specs/x.yml:1: - numpy: not an environment file: expected a mapping with `name:` and/or `dependencies:`; the top level is a list',
      ],
      [
        'numpy==1.2\n',
        'env_specs/x.yml:1: numpy==1.2: not an environment file: expected a mapping with `name:` and/or `dependencies:`; the top level is a scalar',
      ],
      [
        '# comment\nchannels:\n  - defaults\n',
        'env_specs/x.yml:2: channels:: not an environment file: expected a mapping with `name:` and/or `dependencies:` (it has neither)',
      ],
    ])('%j', (text, message) => {
      const error = errorOf(text)
      expect(error.message).toBe(message)
      expect(error.exitCode).toBe(2)
    })

    it('names the line of a dependency that is a map', () => {
      expect(errorOf('name: x\ndependencies:\n  - numpy\n  - conda: [a]\n').message).toBe(
        'env_specs/x.yml:4: conda: [a]: a dependency must be a package spec or the `pip:` list',
      )
    })

    it('names the line of a dependency that YAML reads as a number', () => {
      expect(errorOf('name: x\ndependencies:\n  - numpy\n  - 3.8\n').message).toBe(
        'env_specs/x.yml:4: 3.8: a dependency must be a string, YAML reads this as a number',
      )
    })

    it('names the line of an empty dependency', () => {
      expect(errorOf('name: x\ndependencies:\n  - numpy\n  -\n').message).toMatch(/^env_specs\/x\.yml:4: \(empty\): /)
    })

    it('names the line of a pip entry that is not a string', () => {
      expect(errorOf('name: x\ndependencies:\n  - pip:\n    - {a: b}\n').message).toMatch(
        /^env_specs\/x\.yml:4: \{a: b\}: a pip entry must be a string/,
      )
    })

    it('names the line of a pip map with other keys', () => {
      expect(errorOf('name: x\ndependencies:\n  - pip:\n      - six\n    conda: [a]\n').message).toMatch(
        /^env_specs\/x\.yml:3: pip:.*: a dependency must be a package spec or the `pip:` list/,
      )
    })

    it('names a mis-indented item that YAML joins to the one before (transcripts inputs/bad-yaml.yml)', () => {
      expect(errorOf(transcriptInput('bad-yaml.yml'), 'bad-yaml.yml').message).toBe(
        'bad-yaml.yml:3: python=3.11 - numpy: not a conda package spec: looks like two list items joined by a line with wrong indentation',
      )
    })
  })
})
