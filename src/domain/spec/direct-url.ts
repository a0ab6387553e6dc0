import type {PipOrigin} from './pip-origin.js'

/**
 * Reads one `*.dist-info/direct_url.json` (PEP 610) into a PipOrigin: `vcs_info` → a VCS checkout pip can fetch
 * again; `dir_info` (a local directory, editable or not) or a `file:` archive → local. An index install has no
 * direct_url.json; a remote archive (`archive_info` over https) is an ordinary URL requirement, not an origin to restore.
 */
export const originFromDirectUrl = (name: string, json: string): PipOrigin | undefined => {
  let doc: {url?: unknown; vcs_info?: {vcs?: unknown; commit_id?: unknown}; dir_info?: unknown; archive_info?: unknown}
  try {
    doc = JSON.parse(json) as typeof doc
  } catch {
    return undefined
  }

  if (typeof doc.url !== 'string') return undefined
  if (doc.vcs_info) {
    const vcs = doc.vcs_info.vcs
    return {
      name,
      url: doc.url,
      kind: 'vcs',
      ...(typeof doc.vcs_info.commit_id === 'string' ? {commit: doc.vcs_info.commit_id} : {}),
      ...(vcs === 'git' || vcs === 'hg' || vcs === 'svn' || vcs === 'bzr' ? {vcs} : {}),
    }
  }

  if (doc.dir_info || doc.url.startsWith('file:')) return {name, url: doc.url, kind: 'local'}
  return undefined
}

/** `Name:` from a dist-info METADATA file (the canonical spelling pip printed), or undefined. */
export const metadataName = (metadata: string): string | undefined => /^Name:\s*(\S+)\s*$/m.exec(metadata)?.[1]
