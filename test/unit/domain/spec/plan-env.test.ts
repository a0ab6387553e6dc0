import {describe, expect, it} from 'vitest'
import type {EnvPlan} from '../../../../src/domain/spec/env-plan.js'
import {planEnv, type PlanEnvInput} from '../../../../src/domain/spec/plan-env.js'
import {parseCondaDep} from '../../../../src/domain/spec/parse-conda-dep.js'
import {parseExport} from '../../../../src/domain/spec/parse-export.js'
import {exportFiles, readExport, transcriptStdout} from './exports.js'

const SETTINGS: PlanEnvInput['settings'] = {channels: [], channelMap: {}, noarchPackages: [], minPython: '3.6'}
const COMMIT = '6c59a7cb98cf6365b2b6826fa84dfc3ac543bef0'

/** The plan with the transcripts' scratch root and the hash replaced, for snapshots. */
const normalised = (plan: EnvPlan): unknown =>
  JSON.parse(JSON.stringify({...plan, specHash: '<sha256>'}).replaceAll('/opt/conda-example', '<root>'))

const plan = (input: Partial<PlanEnvInput> & {text: string}): EnvPlan =>
  planEnv({name: 'hlink', file: 'env_specs/hlink.yml', source: 'export', settings: SETTINGS, ...input})

describe('planEnv', () => {
  it('plans the export whose git origin was lost, with the origin restored and a local noarch package', () => {
    // Given conda 23.7.4's export of an env with a pip git install and the origin export recovered for it
    const text = transcriptStdout('conda-23.7.4', 'env-export-with-pip-git.yml').replace(
      '  - idna=3.4\n',
      '  - idna=3.4\n  - hlinkutils=0.4.1\n',
    )
    const origin = {
      name: 'hlink-private',
      url: 'file:///opt/conda-example/gitrepos/hlink-private',
      commit: COMMIT,
      kind: 'vcs' as const,
    }
    // When it is planned with a configured channel and hlinkutils as a local noarch package
    const result = plan({
      text,
      pipOrigins: [origin],
      settings: {...SETTINGS, channels: ['file:///opt/conda-example/channel'], noarchPackages: ['hlinkutils']},
    })
    // Then
    expect(normalised(result)).toMatchInlineSnapshot(`
      {
        "changes": [
          {
            "reason": "the env is recreated under its inventory name",
            "result": "name: hlink",
            "rule": "prefix-and-builds",
            "subject": "name: withpip",
          },
          {
            "reason": "it is the old root; replicate creates the env at -p BASE/qa/envs/NAME",
            "rule": "prefix-and-builds",
            "subject": "prefix: <root>/roots/v1/envs/withpip",
          },
          {
            "reason": "already among the configured channels",
            "rule": "channels",
            "subject": "file://<root>/channel",
          },
          {
            "reason": "the configured channels (condamig.ini \`channels\`) come first, in priority order",
            "result": "file://<root>/channel, defaults",
            "rule": "channels",
            "subject": "channels",
          },
          {
            "reason": "conda env export drops VCS origins; this one was recovered from the old env (direct_url.json)",
            "result": "git+file://<root>/gitrepos/hlink-private@6c59a7cb98cf6365b2b6826fa84dfc3ac543bef0#egg=hlink-private",
            "rule": "pip-origin-restored",
            "subject": "hlink-private==0.2.0",
          },
          {
            "reason": "a local legacy noarch package (noarch_packages): installed on its own after the create",
            "result": "hlinkutils=0.4.1",
            "rule": "noarch-deferred",
            "subject": "hlinkutils=0.4.1",
          },
          {
            "reason": "installed from version control: a git step after the other steps",
            "result": "git+file://<root>/gitrepos/hlink-private@6c59a7cb98cf6365b2b6826fa84dfc3ac543bef0#egg=hlink-private",
            "rule": "vcs-extracted",
            "subject": "git+file://<root>/gitrepos/hlink-private@6c59a7cb98cf6365b2b6826fa84dfc3ac543bef0#egg=hlink-private",
          },
        ],
        "humanTodos": [],
        "name": "hlink",
        "source": "export",
        "sourceFile": "env_specs/hlink.yml",
        "spec": {
          "channels": [
            "file://<root>/channel",
            "defaults",
          ],
          "conda": [
            {
              "line": 6,
              "name": "ca-certificates",
              "raw": "ca-certificates=2023.12.12",
              "version": "2023.12.12",
            },
            {
              "line": 7,
              "name": "certifi",
              "raw": "certifi=2023.11.17",
              "version": "2023.11.17",
            },
            {
              "line": 8,
              "name": "charset-normalizer",
              "raw": "charset-normalizer=3.3.2",
              "version": "3.3.2",
            },
            {
              "line": 9,
              "name": "idna",
              "raw": "idna=3.4",
              "version": "3.4",
            },
            {
              "line": 11,
              "name": "libgcc-ng",
              "raw": "libgcc-ng=11.2.0",
              "version": "11.2.0",
            },
            {
              "line": 12,
              "name": "numpy",
              "raw": "numpy=1.26.4",
              "version": "1.26.4",
            },
            {
              "line": 13,
              "name": "openssl",
              "raw": "openssl=3.0.12",
              "version": "3.0.12",
            },
            {
              "line": 14,
              "name": "pip",
              "raw": "pip=23.0.1",
              "version": "23.0.1",
            },
            {
              "line": 15,
              "name": "python",
              "raw": "python=3.11.7",
              "version": "3.11.7",
            },
            {
              "line": 16,
              "name": "requests",
              "raw": "requests=2.31.0",
              "version": "2.31.0",
            },
            {
              "line": 17,
              "name": "setuptools",
              "raw": "setuptools=66.1.1",
              "version": "66.1.1",
            },
            {
              "line": 18,
              "name": "tzdata",
              "raw": "tzdata=2023c",
              "version": "2023c",
            },
            {
              "line": 19,
              "name": "urllib3",
              "raw": "urllib3=2.0.7",
              "version": "2.0.7",
            },
            {
              "line": 20,
              "name": "wheel",
              "raw": "wheel=0.38.4",
              "version": "0.38.4",
            },
            {
              "line": 21,
              "name": "zlib",
              "raw": "zlib=1.2.13",
              "version": "1.2.13",
            },
          ],
          "name": "hlink",
          "pip": [
            {
              "kind": "requirement",
              "line": 23,
              "name": "hlink-client",
              "raw": "hlink-client==1.0.0",
              "specifier": "==1.0.0",
            },
            {
              "kind": "requirement",
              "line": 25,
              "name": "internal-tools",
              "raw": "internal-tools==2.3.0",
              "specifier": "==2.3.0",
            },
          ],
        },
        "specHash": "<sha256>",
        "steps": [
          {
            "channels": [
              "file://<root>/channel",
              "defaults",
            ],
            "kind": "create",
            "specs": [
              "ca-certificates=2023.12.12",
              "certifi=2023.11.17",
              "charset-normalizer=3.3.2",
              "idna=3.4",
              "libgcc-ng=11.2.0",
              "numpy=1.26.4",
              "openssl=3.0.12",
              "pip=23.0.1",
              "python=3.11.7",
              "requests=2.31.0",
              "setuptools=66.1.1",
              "tzdata=2023c",
              "urllib3=2.0.7",
              "wheel=0.38.4",
              "zlib=1.2.13",
            ],
          },
          {
            "kind": "noarch",
            "package": "hlinkutils=0.4.1",
          },
          {
            "kind": "pip",
            "requirements": [
              {
                "kind": "requirement",
                "line": 23,
                "name": "hlink-client",
                "raw": "hlink-client==1.0.0",
                "specifier": "==1.0.0",
              },
              {
                "kind": "requirement",
                "line": 25,
                "name": "internal-tools",
                "raw": "internal-tools==2.3.0",
                "specifier": "==2.3.0",
              },
            ],
          },
          {
            "kind": "git",
            "name": "hlink-private",
            "url": "git+file://<root>/gitrepos/hlink-private@6c59a7cb98cf6365b2b6826fa84dfc3ac543bef0#egg=hlink-private",
          },
        ],
      }
    `)
  })

  it('plans an old hand-written Windows export: builds, platform packages, channels, pip and a refusal', () => {
    const text = [
      'name: oldstats',
      'channels:',
      '- menpo',
      '- defaults',
      'dependencies:',
      '- menpo::opencv3=3.1.0=py35_0',
      '- python=3.5.4=0',
      '- pywin32=220=py35_1',
      '- typing_extensions=4.1.1=pyh06a4308_0',
      '- pip:',
      '  - Typing-Extensions==4.5.0',
      '  - numpy=1.13.1',
      '  - -e git+https://github.com/org/tool.git@v1#egg=tool',
      '  - ./local-pkg',
      'prefix: C:\\Users\\ana\\Anaconda3\\envs\\oldstats',
    ].join('\r\n')
    const result = plan({
      name: 'oldstats',
      file: 'env_specs/oldstats.yml',
      text,
      settings: {...SETTINGS, channels: ['conda-forge'], channelMap: {menpo: 'conda-forge'}},
    })
    expect(normalised(result)).toMatchInlineSnapshot(`
      {
        "changes": [
          {
            "reason": "it is the old root; replicate creates the env at -p BASE/qa/envs/NAME",
            "rule": "prefix-and-builds",
            "subject": "prefix: C:\\Users\\ana\\Anaconda3\\envs\\oldstats",
          },
          {
            "reason": "build string py35_0 is specific to the old platform and channel",
            "result": "menpo::opencv3=3.1.0",
            "rule": "prefix-and-builds",
            "subject": "menpo::opencv3=3.1.0=py35_0",
          },
          {
            "reason": "build string 0 is specific to the old platform and channel",
            "result": "python=3.5.4",
            "rule": "prefix-and-builds",
            "subject": "python=3.5.4=0",
          },
          {
            "reason": "build string py35_1 is specific to the old platform and channel",
            "result": "pywin32=220",
            "rule": "prefix-and-builds",
            "subject": "pywin32=220=py35_1",
          },
          {
            "reason": "build string pyh06a4308_0 is specific to the old platform and channel",
            "result": "typing_extensions=4.1.1",
            "rule": "prefix-and-builds",
            "subject": "typing_extensions=4.1.1=pyh06a4308_0",
          },
          {
            "reason": "Windows API bindings: Windows only",
            "rule": "platform-dropped",
            "subject": "pywin32=220=py35_1",
          },
          {
            "reason": "channel_map menpo=conda-forge; already among the configured channels",
            "rule": "channels",
            "subject": "menpo",
          },
          {
            "reason": "the configured channels (condamig.ini \`channels\`) come first, in priority order",
            "result": "conda-forge, defaults",
            "rule": "channels",
            "subject": "channels",
          },
          {
            "reason": "channel_map menpo=conda-forge",
            "result": "conda-forge::opencv3=3.1.0",
            "rule": "channels",
            "subject": "menpo::opencv3=3.1.0=py35_0",
          },
          {
            "reason": "the conda section already has it (typing_extensions=4.1.1=pyh06a4308_0); conda's package is kept",
            "rule": "pip-deduplicated",
            "subject": "Typing-Extensions==4.5.0",
          },
          {
            "reason": "installed from version control: a git step after the other steps; installed non-editable, as a shared env cannot use a checkout",
            "result": "git+https://github.com/org/tool.git@v1#egg=tool",
            "rule": "vcs-extracted",
            "subject": "-e git+https://github.com/org/tool.git@v1#egg=tool",
          },
          {
            "reason": "taken out: a local path (see human todos)",
            "rule": "vcs-extracted",
            "subject": "./local-pkg",
          },
          {
            "reason": "taken out of the pip step: pip rejects conda syntax",
            "rule": "pip-conda-style",
            "subject": "numpy=1.13.1",
          },
          {
            "reason": "the pip and git steps run the env's own pip",
            "result": "pip",
            "rule": "pip-added",
            "subject": "pip",
          },
        ],
        "humanTodos": [
          {
            "reason": "installed from a local path, relative to the old environment file: pip cannot install it for the new env; install it by hand, or replace it in env_specs/overrides/oldstats.yml",
            "subject": "./local-pkg",
          },
          {
            "reason": "conda syntax under \`pip:\`, which pip rejects: move it to the conda dependencies or write it as name==version, in env_specs/overrides/oldstats.yml",
            "subject": "numpy=1.13.1",
          },
        ],
        "name": "oldstats",
        "refusal": {
          "category": "unsatisfiable",
          "message": "python pin python=3.5.4 is older than min_python 3.6",
          "packages": [
            "python=3.5.4",
          ],
          "remediation": "Pin python>=3.6 in env_specs/overrides/oldstats.yml (a repaired copy of the spec), or lower min_python in condamig.ini.",
        },
        "source": "export",
        "sourceFile": "env_specs/oldstats.yml",
        "spec": {
          "channels": [
            "conda-forge",
            "defaults",
          ],
          "conda": [
            {
              "channel": "conda-forge",
              "line": 6,
              "name": "opencv3",
              "raw": "menpo::opencv3=3.1.0=py35_0",
              "version": "3.1.0",
            },
            {
              "line": 7,
              "name": "python",
              "raw": "python=3.5.4=0",
              "version": "3.5.4",
            },
            {
              "line": 9,
              "name": "typing_extensions",
              "raw": "typing_extensions=4.1.1=pyh06a4308_0",
              "version": "4.1.1",
            },
          ],
          "name": "oldstats",
          "pip": [],
        },
        "specHash": "<sha256>",
        "steps": [
          {
            "channels": [
              "conda-forge",
              "defaults",
            ],
            "kind": "create",
            "specs": [
              "conda-forge::opencv3=3.1.0",
              "python=3.5.4",
              "typing_extensions=4.1.1",
              "pip",
            ],
          },
          {
            "kind": "git",
            "name": "tool",
            "url": "git+https://github.com/org/tool.git@v1#egg=tool",
          },
        ],
      }
    `)
  })

  it('uses an override as written: builds and prefix kept, only split into steps, and still checked', () => {
    const text = [
      'name: hlink',
      'channels: [conda-forge]',
      'dependencies:',
      '  - python=3.11=h1_0',
      '  - hlinkutils=0.4.1',
      '  - pywin32',
      '  - pip:',
      '    - six==1.16.0',
      '    - pylint 2.6.0',
      '    - git+https://git.example.org/tool.git#egg=tool',
      'prefix: /old/envs/hlink',
    ].join('\n')
    const result = plan({
      text,
      source: 'override',
      file: 'env_specs/overrides/hlink.yml',
      settings: {...SETTINGS, channels: ['defaults'], noarchPackages: ['hlinkutils']},
    })
    expect(result.changes[0]).toEqual({
      rule: 'override',
      subject: 'env_specs/overrides/hlink.yml',
      reason: 'a hand-repaired spec, used as written (no automatic repairs)',
    })
    expect(result.steps).toEqual([
      {kind: 'create', specs: ['python=3.11=h1_0', 'pywin32', 'pip'], channels: ['conda-forge']},
      {kind: 'noarch', package: 'hlinkutils=0.4.1'},
      {
        kind: 'pip',
        requirements: [expect.objectContaining({raw: 'six==1.16.0'}), expect.objectContaining({raw: 'pylint 2.6.0'})],
      },
      {kind: 'git', url: 'git+https://git.example.org/tool.git#egg=tool', name: 'tool'},
    ])
    expect(result.spec.prefix).toBe('/old/envs/hlink')
    expect(result.humanTodos.map((todo) => todo.subject)).toEqual(['pylint 2.6.0'])
    expect(result.changes.map((change) => change.rule)).toEqual([
      'override',
      'noarch-deferred',
      'vcs-extracted',
      'pip-added',
    ])
  })

  it('gives an override without channels the configured ones, and refuses its old python', () => {
    const result = plan({
      text: 'dependencies: [python=2.7]\n',
      source: 'override',
      settings: {...SETTINGS, channels: ['conda-forge']},
    })
    expect(result.steps[0]).toEqual({kind: 'create', specs: ['python=2.7'], channels: ['conda-forge']})
    expect(result.refusal?.message).toBe('python pin python=2.7 is older than min_python 3.6')
  })

  it('merges a conda noarch package and the pip entry naming it into one noarch step, before pip', () => {
    const text = 'name: x\ndependencies:\n  - hlinkutils=0.4.1\n  - pip:\n    - hlinkutils==0.4.1\n    - six\n'
    const result = plan({text, settings: {...SETTINGS, noarchPackages: ['hlinkutils']}})
    expect(result.steps.map((step) => step.kind)).toEqual(['create', 'noarch', 'pip'])
    expect(result.steps[1]).toEqual({kind: 'noarch', package: 'hlinkutils=0.4.1'})
  })

  it('adds pip to the create when only pip needs it (048 has no conda dependencies)', () => {
    const result = plan({text: readExport('048.yml'), file: '048.yml'})
    expect(result.steps[0]).toEqual({kind: 'create', specs: ['pip'], channels: ['defaults']})
    expect(result.changes).toContainEqual({
      rule: 'pip-added',
      subject: 'pip',
      result: 'pip',
      reason: "the pip and git steps run the env's own pip",
    })
  })

  it('turns parser warnings and env variables into human todos', () => {
    const result = plan({
      text: 'name: x\nchanels: [conda-forge]\ndependencies: [numpy]\nvariables:\n  HLINK_HOME: /srv\n',
    })
    expect(result.humanTodos).toEqual([
      {subject: 'spec file', reason: expect.stringMatching(/^line 2: unknown key `chanels` ignored/)},
      {
        subject: 'variables: HLINK_HOME',
        reason: 'env variables are not set by replicate: set them with `conda env config vars set -p PREFIX`',
      },
    ])
  })

  it('throws BadInputError for a file that is not an environment file', () => {
    expect(() => plan({text: '- numpy\n'})).toThrow(/^env_specs\/hlink\.yml:1: - numpy: not an environment file/)
  })

  describe('specHash', () => {
    const text = 'name: x\nchannels: [defaults]\ndependencies:\n  - numpy=1.2=py_0\n  - pip:\n    - six\n'

    it('is a sha256 and the same for the same spec', () => {
      expect(plan({text}).specHash).toMatch(/^[0-9a-f]{64}$/)
      expect(plan({text}).specHash).toBe(plan({text}).specHash)
    })

    it('ignores what is not built: comments, line numbers, the prefix and build strings', () => {
      const moved = `# a comment\n${text.replace('numpy=1.2=py_0', 'numpy=1.2=py_1')}prefix: /elsewhere\n`
      expect(plan({text: moved}).specHash).toBe(plan({text}).specHash)
    })

    it('changes with a dependency, a channel setting or a pip entry', () => {
      const base = plan({text}).specHash
      expect(plan({text: text.replace('numpy=1.2', 'numpy=1.3')}).specHash).not.toBe(base)
      expect(plan({text: text.replace('six', 'six==1.16')}).specHash).not.toBe(base)
      expect(plan({text, settings: {...SETTINGS, channels: ['conda-forge']}}).specHash).not.toBe(base)
    })
  })

  describe.each(exportFiles())('on %s', (file) => {
    const result = plan({
      text: readExport(file),
      file,
      settings: {...SETTINGS, channels: ['conda-forge'], noarchPackages: ['six']},
    })

    it('builds create → noarch → pip → git with nothing platform- or build-specific left', () => {
      const kinds = result.steps.map((step) => step.kind).join(' ')
      expect(kinds).toMatch(/^create( noarch)*( pip)?( git)*$/)
      const [create] = result.steps
      if (create?.kind !== 'create') throw new Error('no create step')
      const specs = create.specs.map((each) => parseCondaDep(each))
      expect(specs.filter((dep) => dep.build !== undefined || /\/(?:win|osx)-/.test(dep.channel ?? ''))).toEqual([])
      expect(specs.filter((dep) => ['pywin32', 'appnope', 'vs2015_runtime', 'python.app'].includes(dep.name))).toEqual(
        [],
      )
      expect(create.channels[0]).toBe('conda-forge')
      expect(result.spec.prefix).toBeUndefined()
      expect(result.spec.name).toBe('hlink')
    })

    it('leaves only installable entries in the pip step', () => {
      const pip = result.steps.find((step) => step.kind === 'pip')
      for (const dep of pip?.kind === 'pip' ? pip.requirements : []) {
        expect(['requirement', 'url', 'option'], dep.raw).toContain(dep.kind)
        expect(dep.condaStyle).toBeUndefined()
      }
    })

    it('accounts for every dependency: in a step, or named by a change', () => {
      const input = parseExport(readExport(file), file)
      const created = new Set(
        result.steps
          .flatMap((step) => (step.kind === 'create' ? step.specs : []))
          .map((each) => parseCondaDep(each).name),
      )
      const piped = new Set(
        result.steps.flatMap((step) => (step.kind === 'pip' ? step.requirements.map((dep) => dep.raw) : [])),
      )
      // only the rules that take a dependency out of its section say where it went
      const movers = new Set([
        'platform-dropped',
        'noarch-deferred',
        'pip-deduplicated',
        'vcs-extracted',
        'pip-conda-style',
      ])
      const moved = new Set(result.changes.filter((change) => movers.has(change.rule)).map((change) => change.subject))
      const lost = [
        ...input.conda.filter((dep) => !created.has(dep.name) && !moved.has(dep.raw)),
        ...input.pip.filter((dep) => !piped.has(dep.raw) && !moved.has(dep.raw)),
      ]
      expect(lost).toEqual([])
    })
  })
})
