import {lstatSync, realpathSync} from 'node:fs'
import {join} from 'node:path'

import type {BaseLayout} from '../domain/base-layout.js'
import {RefusedError} from '../errors.js'
import {type Confinement, confineTo, confines, isWithin, rootsText} from './base-confinement.js'
import {checkBaseFile} from './safe-read.js'

/** The places settings may move (specs_dir, kernels_dir): trusted where they name a place outside BASE. */
export type BasePlaces = {specsDir: string; kernelsDir: string}

/** The names of the envs whose spec, override and meta.json are checked. */
export type BaseCheck = {layout: BaseLayout; places: BasePlaces; envs: readonly string[]}

const planted = (path: string, why: string, hint = 'someone may have planted it; remove it and run again') =>
  new RefusedError('base.planted', `${path} ${why}: refused, nothing was done`, {hint})

/**
 * A directory of condamig's may be absent, a real directory, or a symlink that stays within `within`; a link leading
 * elsewhere is refused. (Anything else there is for the code that uses it to say: the lock, a write.)
 */
const checkDir = (dir: string, within: Confinement): void => {
  let real: string
  try {
    if (!lstatSync(dir).isSymbolicLink()) return
    real = realpathSync(dir)
  } catch {
    return
  }

  if (!confines(within, real)) throw planted(dir, `is a symlink to ${real}, outside ${rootsText(within)}`)
}

/**
 * Before a command does anything: what a co-admin could have planted in BASE to make condamig (often root) read a
 * file it should not, block on one, or write through a link, refused with one line naming it. The directories
 * condamig writes in (`env_specs/` and its `overrides/`, `.history/`; `reports/`, `logs/`, `logs/replicate/`,
 * `.condamig/`, `kernels/`) must be real directories or symlinks staying in BASE; only a place a setting names
 * outside BASE (`specs_dir`, `kernels_dir`) may be elsewhere. `reports/`, `logs/` and `.condamig/` have no setting:
 * they are always in BASE (mount a bigger disk there rather than link it). The files with fixed names
 * (`*-latest.csv`, the journal) and every inventoried env's spec, override and meta.json must be regular
 * files of sane size in BASE or the specs dir (system/safe-read.ts): BadInputError (exit 2) for a FIFO, device or
 * oversized file, RefusedError (exit 3) for a link leading out. Each read checks again: this only makes the
 * refusal come before anything ran.
 */
export const checkBasePlaces = (check: BaseCheck): void => {
  const {layout, places} = check
  const inBase = confineTo(layout.base)
  const specs = confineTo(layout.base, [places.specsDir])
  const own = (dir: string) => isWithin(dir, layout.base)
  if (own(places.specsDir)) checkDir(places.specsDir, inBase)
  for (const dir of [join(places.specsDir, 'overrides'), join(places.specsDir, '.history')]) checkDir(dir, specs)
  if (own(places.kernelsDir)) checkDir(places.kernelsDir, inBase)
  for (const dir of [layout.reportsDir, layout.logsDir, join(layout.logsDir, 'replicate'), layout.stateDir]) {
    checkDir(dir, inBase)
  }

  for (const kind of ['replicate', 'verify']) {
    checkBaseFile(join(layout.reportsDir, `${kind}-latest.csv`), {what: 'report', within: inBase, maxBytes: 256 << 20})
  }

  // appended to: not even a link within BASE (the lock is system/lock.ts's to judge)
  checkBaseFile(layout.history, {what: 'journal', maxBytes: 256 << 20})
  for (const env of check.envs) {
    checkBaseFile(join(places.specsDir, `${env}.yml`), {what: 'spec', within: specs})
    checkBaseFile(join(places.specsDir, 'overrides', `${env}.yml`), {what: 'spec override', within: specs})

    checkBaseFile(join(places.specsDir, `${env}.meta.json`), {what: 'export metadata', within: specs})
  }
}
