/** The parsed `BASE/condamig.ini` (CONTRACT §2). Line numbers are 1-based and kept for messages. */
export type InventoryAction = 'REPLICATE' | 'export'

export type InventoryEntry = {name: string; action: InventoryAction; line: number}

export type Inventory = {
  file: string
  environments: InventoryEntry[]
  /** Raw `[condamig]` key/values, validated into Settings by resolveSettings. */
  settings: {key: string; value: string; line: number}[]
  /** `[tests]`: NAME = shell command, run inside the qa env by verify. */
  tests: {name: string; command: string; line: number}[]
  /** Unknown keys and other things worth saying, not fatal. */
  warnings: string[]
}
