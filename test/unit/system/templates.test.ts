import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {newInventoryText} from '../../../src/domain/inventory/merge-inventory.js'
import {parseInventory} from '../../../src/domain/inventory/parse-inventory.js'
import {
  condarcTokens,
  inventoryHeaderTokens,
  kernelTokens,
  loadTemplate,
  renderTemplate,
  renderTemplateFile,
  TEMPLATE_NAMES,
} from '../../../src/system/templates.js'

const TEMPLATES = fileURLToPath(new URL('../../../templates', import.meta.url))

describe('renderTemplate', () => {
  it('replaces {token} placeholders and leaves other braces alone', () => {
    expect(renderTemplate('{"a": {value}, "b": {}}', {value: '1'}, 't.json')).toBe('{"a": 1, "b": {}}')
  })

  it('renders {{word}} as a literal {word}', () => {
    expect(renderTemplate('-f {{connection_file}} {name}', {name: 'x'}, 't')).toBe('-f {connection_file} x')
  })

  it('does not scan substituted values for tokens', () => {
    expect(renderTemplate('{a}{b}', {a: '{b}', b: '{{a}}'}, 't')).toBe('{b}{{a}}')
  })

  it('throws naming the template and the token for an unknown token', () => {
    expect(() => renderTemplate('x {nope} y', {name: 'x'}, 'condarc.yml')).toThrowError(
      'template condarc.yml: unknown token {nope}',
    )
    expect(() => renderTemplate('{toString}', {}, 't')).toThrowError('template t: unknown token {toString}')
  })

  it('throws naming the template and the token for a missing value', () => {
    const tokens = {name: undefined} as unknown as Record<string, string>
    expect(() => renderTemplate('{name}', tokens, 'kernel.json')).toThrowError(
      'template kernel.json: no value for token {name}',
    )
  })
})

describe('loadTemplate', () => {
  it('reads every shipped template', () => {
    for (const name of TEMPLATE_NAMES) expect(loadTemplate(TEMPLATES, name).length).toBeGreaterThan(0)
  })

  it('refuses names outside the templates directory and reports a missing one', () => {
    expect(() => loadTemplate(TEMPLATES, '../package.json')).toThrowError('not a template name: ../package.json')
    expect(() => loadTemplate(TEMPLATES, 'missing.yml')).toThrowError(
      `template missing.yml could not be read from ${TEMPLATES}`,
    )
  })
})

describe('condarc.yml', () => {
  it('renders the golden file', () => {
    const tokens = condarcTokens({
      channels: ['conda-forge', 'file:///pkg/local-channel', 'yes'],
      pkgsDirs: ['/pkg/conda/v4.8/pkgs', '~/.conda/pkgs'],
    })
    expect(renderTemplateFile(TEMPLATES, 'condarc.yml', tokens)).toBe(`\
# Written by condamig when it installed (or adopted) this conda root. condamig does not read this file back:
# channels come from condamig.ini [condamig] channels, in priority order.
channels: ["conda-forge", "file:///pkg/local-channel", "yes"]
# flexible lets a package come from a lower-priority channel when the first one lacks a version that an old
# environment pins, which recreating exported environments often needs.
channel_priority: flexible
# Package caches, the first writable one is used: this root's own pkgs/ first.
pkgs_dirs: ["/pkg/conda/v4.8/pkgs", "~/.conda/pkgs"]
# A shared root changes when its administrators migrate it, not when someone happens to run conda.
auto_update_conda: false
notify_outdated_conda: false
`)
  })

  it('is YAML that says what conda needs, whatever the channel names contain', () => {
    const tokens = condarcTokens({
      channels: ['conda-forge', 'on', '0o17', 'a: b', '#hash', 'quote"back\\slash', 'ü'],
      pkgsDirs: ['/pkg/conda/v4.8/pkgs'],
      channelPriority: 'strict',
    })
    expect(parse(renderTemplateFile(TEMPLATES, 'condarc.yml', tokens))).toEqual({
      channels: ['conda-forge', 'on', '0o17', 'a: b', '#hash', 'quote"back\\slash', 'ü'],
      channel_priority: 'strict',
      pkgs_dirs: ['/pkg/conda/v4.8/pkgs'],
      auto_update_conda: false,
      notify_outdated_conda: false,
    })
  })

  it('writes defaults when no channel is configured, and needs a pkgs dir', () => {
    const rendered = renderTemplateFile(TEMPLATES, 'condarc.yml', condarcTokens({channels: [], pkgsDirs: ['/r/pkgs']}))
    expect(parse(rendered).channels).toEqual(['defaults'])
    expect(() => condarcTokens({channels: [], pkgsDirs: []})).toThrowError(/pkgsDirs is empty/)
  })
})

describe('kernel.json', () => {
  const tokens = kernelTokens({
    python: '/pkg/conda/current/envs/hlink/bin/python',
    displayName: 'Python (hlink) "v2" {x}',
  })

  it('renders the golden file, keeping Jupyter’s {connection_file}', () => {
    expect(renderTemplateFile(TEMPLATES, 'kernel.json', tokens)).toBe(`\
{
  "argv": ["/pkg/conda/current/envs/hlink/bin/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
  "display_name": "Python (hlink) \\"v2\\" {x}",
  "language": "python"
}
`)
  })

  it('is a Jupyter kernel spec', () => {
    expect(JSON.parse(renderTemplateFile(TEMPLATES, 'kernel.json', tokens))).toEqual({
      argv: ['/pkg/conda/current/envs/hlink/bin/python', '-m', 'ipykernel_launcher', '-f', '{connection_file}'],
      display_name: 'Python (hlink) "v2" {x}',
      language: 'python',
    })
  })
})

describe('inventory-header.ini', () => {
  const header = renderTemplateFile(
    TEMPLATES,
    'inventory-header.ini',
    inventoryHeaderTokens({base: '/pkg/ipums/programming/conda', today: '2026-11-26'}),
  )

  it('renders the golden file', () => {
    expect(header).toBe(`\
# condamig inventory of the shared conda installation at /pkg/ipums/programming/conda
# Started by \`condamig inventory --write\` on 2026-11-26. condamig only ever adds lines to this file
# (new environments, as export, under a dated comment): edit it freely, comments and order are kept.
#
# [environments] lists the environments of the current root, one per line:
#   NAME = REPLICATE   export its spec and recreate it in the new root (qa)
#   NAME = export      only export its spec to env_specs/NAME.yml
#
# Optional settings: uncomment the section header and the lines you need.
# [condamig]
# channels = conda-forge, defaults        ; in priority order
# channel_map = old-channel=new-channel   ; old=new pairs, comma-separated
# noarch_packages = noarch-packages.txt   ; one local noarch package name per line
# kernels_dir = kernels
# specs_dir = env_specs
# parallel = 4
# min_python = 3.6
# min_conda = 4.8
# timeout = 3600                          ; seconds per environment
#
# Optional checks for condamig verify, run by a shell inside the qa environment.
# A test command is taken verbatim (no inline comments there: ; and # belong to the shell).
# [tests]
# NAME = python -c "import numpy"

[environments]
`)
  })

  it('parses as an empty inventory, and as the listed envs once names are merged in', () => {
    expect(parseInventory(header, 'condamig.ini')).toEqual({
      file: 'condamig.ini',
      environments: [],
      settings: [],
      tests: [],
      warnings: [],
    })
    const text = newInventoryText(header, ['hlink', 'old_not_used'], '2026-11-26')
    expect(text.startsWith(header)).toBe(true)
    expect(parseInventory(text, 'condamig.ini').environments).toEqual([
      {name: 'hlink', action: 'export', line: 28},
      {name: 'old_not_used', action: 'export', line: 29},
    ])
  })

  it('gives a valid [condamig] section when its example lines are uncommented', () => {
    const uncommented = header
      .replaceAll(/^# (\[condamig\]|[a-z_]+ = .*)$/gm, '$1')
      .replace(/^\[tests\]$/m, '# [tests]')
    const inventory = parseInventory(uncommented.replace(/^NAME = .*$/m, ''), 'condamig.ini')
    expect(inventory.settings.map((setting) => [setting.key, setting.value])).toEqual([
      ['channels', 'conda-forge, defaults'],
      ['channel_map', 'old-channel=new-channel'],
      ['noarch_packages', 'noarch-packages.txt'],
      ['kernels_dir', 'kernels'],
      ['specs_dir', 'env_specs'],
      ['parallel', '4'],
      ['min_python', '3.6'],
      ['min_conda', '4.8'],
      ['timeout', '3600'],
    ])
  })

  it('flattens line breaks in token values so they cannot leave the comment', () => {
    expect(inventoryHeaderTokens({base: '/a\n[environments]\nx = export', today: 'd'}).base).toBe(
      '/a [environments] x = export',
    )
  })
})
