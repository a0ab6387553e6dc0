import {describe, expect, it} from 'vitest'
import {buildEnvSpec} from '../../../../src/domain/spec/build-env-spec.js'
import {parseExport} from '../../../../src/domain/spec/parse-export.js'
import {readEnvYaml} from '../../../../src/domain/spec/read-env-yaml.js'
import {scanEnvLines} from '../../../../src/domain/spec/scan-env-lines.js'
import {countDependencyItems, exportFeatures, exportFiles, readExport} from './exports.js'

const features = exportFeatures()
const feature = (file: string, name: string): string | undefined =>
  features.get(file)?.find((each) => each === name || each.startsWith(`${name}=`) || each.startsWith(`${name}(`))
/** `conda-deps=28` → 28, `pip-section(277)` → 277. */
const featureCount = (file: string, name: string): number | undefined => {
  const found = feature(file, name)
  return found === undefined ? undefined : Number(/(\d+)\)?$/.exec(found)?.[1])
}

describe('parseExport on the 60 real exports', () => {
  it('finds all 60 fixtures', () => {
    expect(exportFiles()).toHaveLength(60)
  })

  describe.each(exportFiles())('%s', (file) => {
    const text = readExport(file)
    const spec = parseExport(text, file)

    it('accounts for every item line of the dependencies block', () => {
      // Given an independent count of `- ` lines under dependencies (the `- pip:` line excluded)
      // Then every one is a conda or a pip dependency
      expect(spec.conda.length + spec.pip.length).toBe(countDependencyItems(text))
    })

    it('agrees with the counts of SOURCES.tsv', () => {
      expect(spec.conda).toHaveLength(featureCount(file, 'conda-deps') ?? -1)
      expect(spec.pip).toHaveLength(featureCount(file, 'pip-section') ?? 0)
    })

    it('keeps the line of every dependency, pointing at its text', () => {
      const lines = text.split(/\r\n|\r|\n/)
      for (const dep of [...spec.conda, ...spec.pip]) {
        expect(lines[(dep.line ?? 0) - 1], `${file}: ${dep.raw}`).toContain(dep.raw)
      }
    })

    it('gives every conda dependency a name and no blanks in its parts', () => {
      for (const dep of spec.conda) {
        expect(dep.name).toMatch(/^[\w][\w.+-]*$/)
        expect(`${dep.version ?? ''}${dep.build ?? ''}`).not.toMatch(/\s/)
      }
    })

    it('reads the same with the fast line scanner as with the YAML library', () => {
      const fast = scanEnvLines(text, 'strict')
      const yaml = readEnvYaml(text)
      expect(fast, 'the fast scanner should handle every real export').toBeDefined()
      expect(yaml.kind).toBe('env')
      if (fast === undefined || yaml.kind !== 'env') return
      expect(buildEnvSpec(fast, file)).toStrictEqual(buildEnvSpec(yaml.file, file))
    })

    it('keeps the prefix when the export has one, and finds the build strings SOURCES.tsv counts', () => {
      expect(spec.prefix !== undefined).toBe(!features.get(file)?.some((each) => each.startsWith('no-prefix')))
      const builds = spec.conda.filter((dep) => dep.build !== undefined).length
      // SOURCES.tsv counts `name=version=build` only: 007 writes `chan/subdir::name==version=build` (375 builds),
      // and it took 019's two `pkg[version='>=…']` brackets for builds
      const expected = {'007.yml': 375, '019.yml': 0}[file] ?? featureCount(file, 'build-strings') ?? 0
      expect(builds).toBe(expected)
    })
  })
})

describe('parseExport on the features SOURCES.tsv lists', () => {
  it('reads CRLF files without carriage returns in values (009, 033, 050, 060)', () => {
    for (const file of ['009.yml', '033.yml', '050.yml', '060.yml']) {
      expect(readExport(file)).toContain('\r\n')
      const spec = parseExport(readExport(file), file)
      expect(JSON.stringify(spec)).not.toContain('\\r')
      expect(spec.prefix).toMatch(/^[A-Z]:\\/)
    }
  })

  it('reads the !!python/unicode tags of 039, value on the next line, and its tagged prefix', () => {
    const spec = parseExport(readExport('039.yml'), '039.yml')
    expect(spec.channels).toEqual(['conda-forge', 'defaults'])
    expect(spec.conda[0]).toEqual({
      raw: 'griddataformats=0.3.3=py27_0',
      name: 'griddataformats',
      version: '0.3.3',
      build: 'py27_0',
      line: 9,
    })
    expect(spec.prefix).toBe('/home/blake/anaconda2/envs/pybilt')
  })

  it('reads the !!python/tuple channels and channel::pkg deps of 011', () => {
    const spec = parseExport(readExport('011.yml'), '011.yml')
    expect(spec.channels).toEqual(['menpo', 'defaults'])
    expect(spec.conda.find((dep) => dep.name === 'opencv3')).toMatchObject({channel: 'jlaura', version: '3.0.0'})
    expect(spec.conda.find((dep) => dep.name === 'python')).toMatchObject({version: '3.5.3', build: '1'})
  })

  it('reads matchspec brackets and channel prefixes of 019, and skips its commented-out deps', () => {
    const spec = parseExport(readExport('019.yml'), '019.yml')
    expect(spec.conda.find((dep) => dep.name === 'samtools')).toMatchObject({version: '>=1.10'})
    expect(spec.conda.find((dep) => dep.name === 'lftp')).toMatchObject({channel: 'hcc', version: '>=4.9.1'})
    expect(spec.conda.find((dep) => dep.name === 'cnvnator')).toEqual({
      raw: 'bioconda::cnvnator',
      channel: 'bioconda',
      name: 'cnvnator',
      line: 20,
    })
    expect(spec.conda.some((dep) => dep.name === 'root_base')).toBe(false)
  })

  it('flags the conda-style specs under pip of 048 and 006', () => {
    const spec048 = parseExport(readExport('048.yml'), '048.yml')
    expect(spec048.conda).toEqual([])
    expect(spec048.pip.filter((dep) => dep.condaStyle).map((dep) => dep.name)).toHaveLength(15)
    const spec006 = parseExport(readExport('006.yml'), '006.yml')
    expect(spec006.pip.filter((dep) => dep.condaStyle).map((dep) => dep.raw)).toEqual(['pylint 2.6.0'])
  })

  it('reads the spaced specs of 005, 016 and 021', () => {
    const versions = (file: string, name: string) =>
      parseExport(readExport(file), file).conda.find((dep) => dep.name === name)?.version
    expect(versions('005.yml', 'python')).toBe('<=3.10')
    expect(versions('016.yml', 'python')).toBe('>=3.10,<3.12')
    expect(versions('021.yml', 'python')).toBe('3.9')
  })

  it('reads pip options, URLs, editables and VCS entries (008, 018, 028, 029, 043, 049)', () => {
    const kinds = (file: string) => parseExport(readExport(file), file).pip.map((dep) => `${dep.kind} ${dep.raw}`)
    expect(kinds('008.yml')).toContain('option --find-links https://data.dgl.ai/wheels/torch-2.2/cu121/repo.html')
    expect(kinds('018.yml')).toContain('editable -e .')
    expect(kinds('028.yml')).toEqual([
      'vcs q2-boots@git+https://github.com/caporaso-lab/q2-boots.git@2025.7.beta',
      'vcs q2_kmerizer@git+https://github.com/bokulich-lab/q2-kmerizer.git@main',
    ])
    expect(kinds('029.yml').filter((each) => each.startsWith('option'))).toEqual([
      'option --index-url https://download.pytorch.org/whl/cu121',
      'option --extra-index-url https://pypi.org/simple',
    ])
    expect(kinds('043.yml')).toContain('editable -e git+https://github.com/jjnurminen/gaitutils.git#egg=gaitutils')
    expect(kinds('043.yml')).toContain('url https://github.com/jjnurminen/ulstools/archive/master.zip')
    expect(kinds('049.yml').filter((each) => each.startsWith('url'))).toHaveLength(1)
  })

  it('has no name for 006, 016 and 028, and base for 003', () => {
    expect(parseExport(readExport('006.yml'), '006.yml').name).toBeUndefined()
    expect(parseExport(readExport('028.yml'), '028.yml').name).toBeUndefined()
    expect(parseExport(readExport('003.yml'), '003.yml').name).toBe('base')
  })

  it('ignores the mistyped channels key of 015 and says so', () => {
    const spec = parseExport(readExport('015.yml'), '015.yml')
    expect(spec.channels).toEqual([])
    expect(spec.warnings).toEqual([expect.stringMatching(/^line 2: unknown key `channe` ignored/)])
  })
})
