import {existsSync} from 'node:fs'
import {join} from 'node:path'

/**
 * True when every package (`dist_name`, e.g. `numpy-1.26.4-py311h64a7726_0`) is fully extracted in the cache:
 * conda writes `info/repodata_record.json` last, so a package another process is still extracting does not count.
 */
export const allExtracted = (pkgsDir: string, distNames: readonly string[]): boolean =>
  distNames.every((dist) => existsSync(join(pkgsDir, dist, 'info', 'repodata_record.json')))
