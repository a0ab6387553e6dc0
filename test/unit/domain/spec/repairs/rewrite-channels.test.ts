import {describe, expect, it} from 'vitest'
import {rewriteChannels} from '../../../../../src/domain/spec/repairs/rewrite-channels.js'
import {context, fixture, spec} from './context.js'

describe('rewriteChannels', () => {
  it('puts the configured channels first and keeps the export channels after them, without duplicates', () => {
    const {spec: repaired, changes} = rewriteChannels(
      spec('channels:', '  - menpo', '  - conda-forge', '  - defaults', 'dependencies: []'),
      context({channels: ['conda-forge', 'defaults']}),
    )
    expect(repaired.channels).toEqual(['conda-forge', 'defaults', 'menpo'])
    expect(changes).toEqual([
      {rule: 'channels', subject: 'conda-forge', reason: 'already among the configured channels'},
      {rule: 'channels', subject: 'defaults', reason: 'already among the configured channels'},
      {
        rule: 'channels',
        subject: 'channels',
        result: 'conda-forge, defaults, menpo',
        reason: 'the configured channels (condamig.ini `channels`) come first, in priority order',
      },
    ])
  })

  it('knows the name conda exports for a file:// channel is that channel (transcripts: opt/conda-example/channel)', () => {
    const {spec: repaired} = rewriteChannels(
      spec('channels:', '  - defaults', '  - srv/conda/local-noarch', 'dependencies: []'),
      context({channels: ['conda-forge', 'file:///srv/conda/local-noarch/']}),
    )
    expect(repaired.channels).toEqual(['conda-forge', 'file:///srv/conda/local-noarch/', 'defaults'])
    const mapped = rewriteChannels(
      spec('channels:', '  - srv/conda/old-local', 'dependencies: []'),
      context({channelMap: {'file:///srv/conda/old-local': 'file:///srv/conda/new-local'}}),
    )
    expect(mapped.spec.channels).toEqual(['file:///srv/conda/new-local'])
  })

  it('rewrites channels and channel:: prefixes by channel_map (042: conda-forge::, GSECARS::)', () => {
    const {spec: repaired, changes} = rewriteChannels(
      fixture('042.yml'),
      context({channelMap: {GSECARS: 'https://mirror.example.org/gsecars', defaults: 'conda-forge'}}),
    )
    expect(repaired.channels).toEqual(['conda-forge'])
    expect(repaired.conda.filter((dep) => dep.channel !== undefined).map((dep) => dep.channel)).toEqual([
      ...Array(10).fill('conda-forge'),
      ...Array(3).fill('https://mirror.example.org/gsecars'),
      'nexpy',
    ])
    expect(changes).toContainEqual({
      rule: 'channels',
      subject: 'GSECARS::wxmplot',
      result: 'https://mirror.example.org/gsecars::wxmplot',
      reason: 'channel_map GSECARS=https://mirror.example.org/gsecars',
    })
    expect(changes).toContainEqual({
      rule: 'channels',
      subject: 'defaults',
      result: 'conda-forge',
      reason: 'channel_map defaults=conda-forge',
    })
  })

  it("treats defaults' own URLs as defaults, so a defaults= mapping catches them (003)", () => {
    const input = fixture('003.yml')
    expect(input.channels).toEqual([
      'defaults',
      'conda-forge',
      'opensim-org',
      'https://repo.anaconda.com/pkgs/main',
      'https://repo.anaconda.com/pkgs/r',
    ])
    expect(rewriteChannels(input, context()).spec.channels).toEqual(['defaults', 'conda-forge', 'opensim-org'])
    expect(rewriteChannels(input, context({channelMap: {defaults: 'conda-forge'}})).spec.channels).toEqual([
      'conda-forge',
      'opensim-org',
    ])
  })

  it('drops the Windows-only msys2 part of defaults (056) and a channel mapped to nothing', () => {
    const {spec: repaired, changes} = rewriteChannels(
      fixture('056.yml'),
      context({channelMap: {'https://repo.anaconda.com/pkgs/r': ''}}),
    )
    expect(repaired.channels).toEqual(['conda-forge', 'defaults'])
    expect(changes).toContainEqual({
      rule: 'channels',
      subject: 'https://repo.anaconda.com/pkgs/msys2',
      reason: 'dropped: the msys2 part of defaults holds Windows packages only',
    })
  })

  it('compares channel URLs without trailing slashes and conda.anaconda.org with names (001, 059)', () => {
    const mirror = 'https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud/conda-forge'
    const repaired = rewriteChannels(fixture('001.yml'), context({channelMap: {[`${mirror}/`]: 'conda-forge'}})).spec
    expect(repaired.channels).toEqual([
      'conda-forge',
      'https://mirrors.tuna.tsinghua.edu.cn/anaconda/pkgs/main/',
      'https://mirrors.tuna.tsinghua.edu.cn/anaconda/pkgs/free/',
      'defaults',
    ])
    const gurobi = rewriteChannels(
      spec('channels: [gurobi, http://conda.anaconda.org/gurobi/]', 'dependencies: []'),
      context(),
    )
    expect(gurobi.spec.channels).toEqual(['gurobi'])
  })

  it('takes the platform subdir off channel prefixes (007: defaults/win-64::pkg)', () => {
    const {spec: repaired, changes} = rewriteChannels(fixture('007.yml'), context())
    expect(new Set(repaired.conda.map((dep) => dep.channel))).toEqual(new Set(['defaults']))
    expect(changes).toContainEqual({
      rule: 'channels',
      subject: 'defaults/noarch::tzdata==2022c=h04d1e81_0',
      result: "defaults::tzdata[version='==2022c',build='h04d1e81_0']",
      reason: 'the subdir noarch pins the old platform',
    })
  })

  it('uses the configured channels when the export has none (015) and changes nothing when nothing differs', () => {
    expect(rewriteChannels(fixture('015.yml'), context({channels: ['conda-forge']})).spec.channels).toEqual([
      'conda-forge',
    ])
    const plain = spec('channels: [defaults]', 'dependencies: [numpy]')
    expect(rewriteChannels(plain, context({channels: ['defaults']})).changes).toEqual([])
  })
})
