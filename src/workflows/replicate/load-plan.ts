import {relative} from 'node:path'

import type {BaseLayout} from '../../domain/base-layout.js'
import type {EnvPlan} from '../../domain/spec/env-plan.js'
import type {PipOrigin} from '../../domain/spec/pip-origin.js'
import {planEnv} from '../../domain/spec/plan-env.js'
import type {Settings} from '../../domain/settings.js'
import {type Confinement, confineTo} from '../../system/base-confinement.js'
import {readBaseFile} from '../../system/safe-read.js'

/** A plan, or why there is none (no spec yet, a spec that does not parse): a per-env failure at stage `spec`. */
export type LoadedPlan = {ok: true; plan: EnvPlan} | {ok: false; name: string; message: string; remediation: string}

const readOrigins = (metaFile: string, within: Confinement): PipOrigin[] => {
  // a FIFO or a link leading elsewhere is refused (typed error, the run stops); only damaged content is forgiven
  const text = readBaseFile(metaFile, {what: 'export metadata', within})
  if (text === undefined) return []
  try {
    const meta = JSON.parse(text) as {pipOrigins?: PipOrigin[]}
    return Array.isArray(meta.pipOrigins) ? meta.pipOrigins : []
  } catch {
    return [] // the origins are a bonus; a damaged meta file must not stop the env
  }
}

/**
 * Plans one env from its override (used as written) or its exported spec, with the origins export recovered. The
 * spec, override and meta.json are read only as regular files in BASE or the specs dir (system/safe-read.ts): a FIFO,
 * a device or a link leading elsewhere (`overrides/NAME.yml -> /etc/shadow`) throws a typed error naming it, so that
 * none of its text reaches a plan, a report or a log. A spec that does not parse is a per-env failure.
 */
export const loadPlan = (layout: BaseLayout, settings: Settings, name: string): LoadedPlan => {
  const override = `${settings.specsDir}/overrides/${name}.yml`
  const exported = `${settings.specsDir}/${name}.yml`
  const within = confineTo(layout.base, [settings.specsDir])
  const overrideText = readBaseFile(override, {what: 'spec override', within})
  const source = overrideText === undefined ? 'export' : 'override'
  const file = source === 'override' ? override : exported
  const text = overrideText ?? readBaseFile(exported, {what: 'spec', within})
  if (text === undefined) {
    return {
      ok: false,
      name,
      message: `no spec: ${relative(layout.base, exported)} does not exist`,
      remediation: `run condamig export --env ${name} (or write ${relative(layout.base, override)} by hand)`,
    }
  }

  const pipOrigins = readOrigins(`${settings.specsDir}/${name}.meta.json`, within)
  try {
    const plan = planEnv({
      name,
      text,
      file: relative(layout.base, file),
      source,
      settings,
      pipOrigins,
    })
    return {ok: true, plan}
  } catch (error) {
    return {
      ok: false,
      name,
      message: (error as Error).message,
      remediation: `fix ${relative(layout.base, file)}, or write a corrected copy to ${relative(layout.base, override)}`,
    }
  }
}
