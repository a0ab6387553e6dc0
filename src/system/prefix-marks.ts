import {existsSync, readFileSync, rmSync} from 'node:fs'
import {join} from 'node:path'

import {envPaths} from '../domain/base-layout.js'
import type {PrefixFacts} from '../domain/replicate/prefix-decision.js'
import {writeFileAtomic} from './atomic-write.js'

/** `BASE/.condamig/building/NAME.json`: written before conda touches a prefix, removed when it is done or gone. */
export const buildingMarker = (stateDir: string, name: string) => join(stateDir, 'building', `${name}.json`)

export const readPrefixFacts = (prefix: string, marker: string): PrefixFacts => {
  const exists = existsSync(prefix)
  let stamp: PrefixFacts['stamp']
  try {
    const doc = JSON.parse(readFileSync(envPaths(prefix).replicatedStamp, 'utf8')) as {specHash?: string; time?: string}
    if (doc.specHash) stamp = {specHash: doc.specHash, time: doc.time ?? '?'}
  } catch {
    stamp = undefined
  }

  let leftover: boolean
  try {
    leftover = (JSON.parse(readFileSync(marker, 'utf8')) as {prefix?: string}).prefix === prefix
  } catch {
    leftover = false // no marker (or a torn one): not condamig's leftover
  }

  return {exists, stamp, leftover}
}

export const markBuilding = (marker: string, info: {prefix: string; run: string; pid: number}, base: string) =>
  writeFileAtomic(marker, `${JSON.stringify(info)}\n`, {shared: base})

export const clearBuilding = (marker: string) => rmSync(marker, {force: true})

/** The stamp of a finished env; also what makes a later run skip it. */
export const stampReplicated = (
  prefix: string,
  stamp: {specHash: string; time: string; run: string; source: string},
  base: string,
) => writeFileAtomic(envPaths(prefix).replicatedStamp, `${JSON.stringify(stamp, null, 2)}\n`, {shared: base})

/** Removes a prefix condamig created (half-built or failed). */
export const removePrefix = (prefix: string) => rmSync(prefix, {recursive: true, force: true, maxRetries: 3})
