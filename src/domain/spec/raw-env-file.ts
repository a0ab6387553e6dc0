/**
 * An environment file as read, before validation: what both readers (the fast line scanner and the YAML
 * library) produce, so that parseExport validates and builds the EnvSpec the same way whichever read it.
 */

/** A scalar with its value as YAML types it (string, number, boolean, null), its source text and line. */
export type RawScalar = {value: unknown; text: string; line: number}

/** One `dependencies:` item: a scalar, the `pip:` map, or anything else (a nested map or list: an error). */
export type RawDep =
  | {kind: 'scalar'; scalar: RawScalar}
  | {kind: 'pip'; items: RawScalar[]; line: number}
  | {kind: 'other'; text: string; line: number}

export type RawEnvFile = {
  name?: RawScalar
  /** A list, or a scalar when the file says `channels: conda-forge`. */
  channels?: RawScalar[] | RawScalar
  /** Present (possibly null: `dependencies:` with nothing under it) when the key is. */
  dependencies?: RawDep[] | null
  prefix?: RawScalar
  variables?: Record<string, string>
  /** Top-level keys that are not part of an environment file (`channe:` typos, `platforms:`). */
  unknownKeys: {key: string; line: number}[]
  warnings: string[]
}

/** The same warning text from both readers, so results compare equal. */
export const unknownKeyWarning = (key: string, line: number): string =>
  `line ${line}: unknown key \`${key}\` ignored (an environment file has name, channels, dependencies, prefix, variables)`
