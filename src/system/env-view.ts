import {copyFileSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {basename, join} from 'node:path'

/**
 * Runs `use` on a throwaway view of the env at `prefix`: a private temp directory named like the env, with its own
 * copy of `conda-meta/` (regular files only) and a link to every other top-level entry of the env. conda's
 * PrefixData deletes the conda-meta record of a package whose files pip replaced whenever it reads an env with pip
 * interop (env export, list --json; real 23.7.4 and 26.7.1): through the view, that deletion hits the copy and the
 * env in the current root is only read. The view is removed afterwards (its links, never what they point at).
 */
export const withEnvView = async <T>(prefix: string, use: (view: string) => Promise<T>): Promise<T> => {
  const holder = mkdtempSync(join(tmpdir(), 'condamig-view-'))
  try {
    const view = join(holder, basename(prefix))
    mkdirSync(join(view, 'conda-meta'), {recursive: true})
    for (const entry of readdirSync(prefix)) {
      if (entry === 'conda-meta') continue
      symlinkSync(join(prefix, entry), join(view, entry))
    }

    for (const entry of readdirSync(join(prefix, 'conda-meta'))) {
      const from = join(prefix, 'conda-meta', entry)
      if (lstatSync(from).isFile()) copyFileSync(from, join(view, 'conda-meta', entry))
    }

    return await use(view)
  } finally {
    rmSync(holder, {recursive: true, force: true})
  }
}
