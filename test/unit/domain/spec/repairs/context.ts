import type {EnvSpec} from '../../../../../src/domain/spec/env-spec.js'
import {parseExport} from '../../../../../src/domain/spec/parse-export.js'
import type {RepairContext} from '../../../../../src/domain/spec/repairs/repair.js'
import {readExport} from '../exports.js'

/** A repair context with nothing configured, overridden per test. */
export const context = (overrides: Partial<RepairContext> = {}): RepairContext => ({
  name: 'hlink',
  channels: [],
  channelMap: {},
  noarchPackages: [],
  minPython: '3.6',
  pipOrigins: [],
  ...overrides,
})

/** A spec from YAML lines: `spec('dependencies:', '  - numpy')`. */
export const spec = (...lines: string[]): EnvSpec => parseExport(`${lines.join('\n')}\n`, 'test.yml')

/** One of the real exports, parsed. */
export const fixture = (file: string): EnvSpec => parseExport(readExport(file), file)
