import {describe, expect, it} from 'vitest'

import {presentExport} from '../../../src/cli/present/export.js'
import type {ExportResult} from '../../../src/workflows/export.js'

const result: ExportResult = {
  base: '/pkg/conda',
  source: {root: 'v4.3', condaVersion: '4.3.22'},
  specsDir: '/pkg/conda/env_specs',
  environments: [
    {
      name: 'hlink',
      status: 'ok',
      spec: 'env_specs/hlink.yml',
      packages: 87,
      pipPackages: 3,
      origins: [
        {
          name: 'hlink-private',
          url: 'https://github.com/ipums/hlink-private',
          kind: 'vcs',
          commit: 'abc123',
          vcs: 'git',
        },
      ],
      notes: ['build strings stripped (conda 4.3.22 left them in)', 'pip origins recovered: hlink-private'],
    },
    {
      name: 'nhis_reformat',
      status: 'ok',
      spec: 'env_specs/nhis_reformat.yml',
      packages: 12,
      pipPackages: 0,
      origins: [],
      notes: [],
    },
    {
      name: 'gone',
      status: 'failed',
      notes: [],
      error: '/pkg/conda/v4.3/envs/gone does not exist (or has no conda-meta/): nothing to export',
    },
  ],
  warnings: ['/pkg/conda/condamig.ini:3: unknown key colour (ignored)'],
}

describe('presentExport', () => {
  it('renders the exported envs, the failed ones with why, and the warnings', () => {
    expect(presentExport(result)).toMatchInlineSnapshot(`
      "exported 2 of 3 environment(s) from v4.3 (conda 4.3.22) into /pkg/conda/env_specs

      NAME           SPEC                         CONDA  PIP  NOTES
      hlink          env_specs/hlink.yml          87     3    build strings stripped (conda 4.3.22 left them in); pip origins recovered: hlink-private
      nhis_reformat  env_specs/nhis_reformat.yml  12     0    -

      Failed:
        gone: /pkg/conda/v4.3/envs/gone does not exist (or has no conda-meta/): nothing to export

      Warnings:
        /pkg/conda/condamig.ini:3: unknown key colour (ignored)"
    `)
  })

  it('renders a batch where everything failed without an empty table', () => {
    const failed = {...result, environments: result.environments.slice(2), warnings: []}
    expect(presentExport(failed)).toMatchInlineSnapshot(`
      "exported 0 of 1 environment(s) from v4.3 (conda 4.3.22) into /pkg/conda/env_specs

      Failed:
        gone: /pkg/conda/v4.3/envs/gone does not exist (or has no conda-meta/): nothing to export"
    `)
  })
})
