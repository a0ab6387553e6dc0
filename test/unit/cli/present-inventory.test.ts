import {describe, expect, it} from 'vitest'

import {presentInventory} from '../../../src/cli/present/inventory.js'
import type {InventoryResult} from '../../../src/workflows/inventory.js'

const result: InventoryResult = {
  base: '/pkg/conda',
  current: {target: 'v4.3', root: '/pkg/conda/v4.3'},
  environments: [
    {
      name: 'hlink',
      action: 'REPLICATE',
      sizeBytes: 1_610_612_736,
      owner: 'alice',
      lastChange: '2020-10-19T08:15:00.000Z',
      kernels: ['hlink', 'hlink-old'],
    },
    {name: 'nhis_reformat', action: 'export', sizeBytes: 512, owner: '1234', lastChange: null, kernels: []},
    {name: 'scratch', action: null, sizeBytes: 0, owner: 'bob', lastChange: '2024-01-02T03:04:05.000Z', kernels: []},
  ],
  notInInventory: ['scratch'],
  missingOnDisk: [{name: 'old_not_used', line: 8}],
  invalidNames: [{name: 'my env', problem: 'contains whitespace'}],
  warnings: [
    'kernel hlink-old is pinned to root v4.3 (/pkg/conda/v4.3/envs/hlink/bin/python): it will keep running the old root',
    '/pkg/conda/v4.3/envs/my env: skipped, contains whitespace',
  ],
}

describe('presentInventory', () => {
  it('renders the table, what differs from the ini and the warnings', () => {
    expect(presentInventory(result)).toMatchInlineSnapshot(`
      "current -> v4.3: 3 environment(s) in /pkg/conda/v4.3/envs

      NAME           ACTION        SIZE     OWNER  LAST CHANGE       KERNELS
      hlink          REPLICATE     1.5 GiB  alice  2020-10-19 08:15  hlink, hlink-old
      nhis_reformat  export        512 B    1234   -                 -
      scratch        (not in ini)  0 B      bob    2024-01-02 03:04  -

      Not in condamig.ini (inventory --write adds them as export):
        scratch

      In condamig.ini but not on disk:
        old_not_used (line 8)

      Warnings:
        kernel hlink-old is pinned to root v4.3 (/pkg/conda/v4.3/envs/hlink/bin/python): it will keep running the old root
        /pkg/conda/v4.3/envs/my env: skipped, contains whitespace"
    `)
  })

  it('says what --write added, instead of listing the envs missing from the ini', () => {
    const written = {...result, written: {file: '/pkg/conda/condamig.ini', created: false, added: ['scratch']}}
    expect(presentInventory(written).split('\n').slice(-6)).toMatchInlineSnapshot(`
      [
        "",
        "Warnings:",
        "  kernel hlink-old is pinned to root v4.3 (/pkg/conda/v4.3/envs/hlink/bin/python): it will keep running the old root",
        "  /pkg/conda/v4.3/envs/my env: skipped, contains whitespace",
        "",
        "updated /pkg/conda/condamig.ini: added scratch as export",
      ]
    `)
  })

  it('says when --write had nothing to add, or created the file with nothing in it', () => {
    const none = {...result, notInInventory: [], written: {file: '/pkg/conda/condamig.ini', created: false, added: []}}
    const created = {...none, written: {...none.written, created: true}}
    expect(presentInventory(none).split('\n').at(-1)).toMatchInlineSnapshot(
      `"/pkg/conda/condamig.ini: nothing new to add"`,
    )
    expect(presentInventory(created).split('\n').at(-1)).toMatchInlineSnapshot(
      `"created /pkg/conda/condamig.ini (no environments to add)"`,
    )
  })
})
