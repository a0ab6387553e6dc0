import {existsSync, readFileSync} from 'node:fs'
import {relative} from 'node:path'

import type {BaseLayout} from '../../domain/base-layout.js'
import type {EnvPlan} from '../../domain/spec/env-plan.js'
import type {PipOrigin} from '../../domain/spec/pip-origin.js'
import {planEnv} from '../../domain/spec/plan-env.js'
import type {Settings} from '../../domain/settings.js'

/** A plan, or why there is none (no spec yet, a spec that does not parse): a per-env failure at stage `spec`. */
export type LoadedPlan = {ok: true; plan: EnvPlan} | {ok: false; name: string; message: string; remediation: string}

const readOrigins = (metaFile: string): PipOrigin[] => {
  if (!existsSync(metaFile)) return []
  try {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as {pipOrigins?: PipOrigin[]}
    return Array.isArray(meta.pipOrigins) ? meta.pipOrigins : []
  } catch {
    return [] // the origins are a bonus; a damaged meta file must not stop the env
  }
}

/** Plans one env from its override (used as written) or its exported spec, with the origins export recovered. */
export const loadPlan = (layout: BaseLayout, settings: Settings, name: string): LoadedPlan => {
  const override = `${settings.specsDir}/overrides/${name}.yml`
  const exported = `${settings.specsDir}/${name}.yml`
  const source = existsSync(override) ? 'override' : 'export'
  const file = source === 'override' ? override : exported
  if (!existsSync(file)) {
    return {
      ok: false,
      name,
      message: `no spec: ${relative(layout.base, exported)} does not exist`,
      remediation: `run condamig export --env ${name} (or write ${relative(layout.base, override)} by hand)`,
    }
  }

  try {
    const plan = planEnv({
      name,
      text: readFileSync(file, 'utf8'),
      file: relative(layout.base, file),
      source,
      settings,
      pipOrigins: readOrigins(`${settings.specsDir}/${name}.meta.json`),
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
