import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'

import {mergeCondarc} from '../../../../src/domain/install/merge-condarc.js'

const TEMPLATE =
  '# condamig template\nchannels: ["defaults"]\nchannel_priority: flexible\npkgs_dirs: ["/r/pkgs"]\nauto_update_conda: false\n'
// what the real-conda kit's Miniconda-like installer ships (../shared/realconda/make-installer.sh)
const SHIPPED = `# shipped by the site's installer
channels:
  - file:///srv/channel-new
default_channels:
  - file:///srv/channel-new
channel_alias: file:///nonexistent/channel-alias
solver: classic
ssl_verify: /etc/site-ca.pem
auto_update_conda: true
`
const OLD = `channels:
  - defaults
default_channels:
  - https://mirror.site/pkgs/main
  - https://mirror.site/pkgs/r
channel_alias: https://mirror.site/conda
custom_channels:
  internal: https://mirror.site/internal
solver: libmamba
`
const base = {template: TEMPLATE, channels: ['conda-forge'], pkgsDirs: ['/r/pkgs', '~/.conda/pkgs'], channelMap: {}}

describe('mergeCondarc', () => {
  it('keeps every key the installer shipped that condamig does not set, and its comments', () => {
    const merged = mergeCondarc({...base, shipped: SHIPPED})
    const rc = parse(merged.text) as Record<string, unknown>
    expect(rc).toMatchObject({
      solver: 'classic',
      ssl_verify: '/etc/site-ca.pem',
      channel_alias: 'file:///nonexistent/channel-alias',
      default_channels: ['file:///srv/channel-new'],
      channels: ['conda-forge'],
      pkgs_dirs: ['/r/pkgs', '~/.conda/pkgs'],
      auto_update_conda: false,
      notify_outdated_conda: false,
    })
    expect(merged.text).toContain("# shipped by the site's installer")
    expect(merged.kept).toEqual(['default_channels', 'channel_alias', 'solver', 'ssl_verify'])
    expect(merged.defaults).toEqual(['file:///srv/channel-new'])
  })

  it('carries what defaults and channel names meant in the old root, default_channels through channel_map', () => {
    const merged = mergeCondarc({
      ...base,
      shipped: SHIPPED,
      old: OLD,
      channelMap: {'https://mirror.site/pkgs/r': 'https://mirror.site/pkgs/r-2024'},
    })
    const rc = parse(merged.text) as Record<string, unknown>
    expect(rc.default_channels).toEqual(['https://mirror.site/pkgs/main', 'https://mirror.site/pkgs/r-2024'])
    expect(rc.channel_alias).toBe('https://mirror.site/conda')
    expect(rc.custom_channels).toEqual({internal: 'https://mirror.site/internal'})
    // the old root's solver is not a meaning of a spec: the new root keeps its own
    expect(rc.solver).toBe('classic')
    expect(merged.carried).toEqual(['default_channels', 'channel_alias', 'custom_channels'])
    expect(merged.kept).toEqual(['solver', 'ssl_verify'])
    expect(merged.defaults).toEqual(['https://mirror.site/pkgs/main', 'https://mirror.site/pkgs/r-2024'])
  })

  it('writes configured default_channels, or keeps the installer’s with `installer`', () => {
    const configured = mergeCondarc({...base, shipped: SHIPPED, old: OLD, defaultChannels: ['https://x/main']})
    expect(parse(configured.text).default_channels).toEqual(['https://x/main'])
    expect(configured.carried).toEqual(['channel_alias', 'custom_channels'])
    const installer = mergeCondarc({...base, shipped: SHIPPED, old: OLD, defaultChannels: ['installer']})
    expect(parse(installer.text).default_channels).toEqual(['file:///srv/channel-new'])
    expect(installer.defaults).toEqual(['file:///srv/channel-new'])
  })

  it('starts from the template when nothing usable was shipped, and then defaults are conda’s own', () => {
    for (const shipped of [undefined, 'channels: [unclosed\n', '- a list\n']) {
      const merged = mergeCondarc({...base, ...(shipped !== undefined && {shipped})})
      expect(merged.text).toContain('# condamig template')
      expect(merged.text).toContain('channels: ["conda-forge"]')
      expect(merged.text).toContain('pkgs_dirs: ["/r/pkgs", "~/.conda/pkgs"]')
      expect(merged.text).toContain('channel_priority: flexible')
      expect(merged.defaults).toBeUndefined()
      expect(merged.kept).toEqual([])
    }
  })
})
