import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {VerifyCheckResult} from '../../domain/verify-outcome.js'
import type {Runner} from '../../system/runner.js'
import type {RunLog} from '../../system/run-log.js'

type Check = Omit<VerifyCheckResult, 'durationS'>

const tail = (text: string, lines = 6): string => text.trimEnd().split('\n').slice(-lines).join('\n')

/**
 * Runs the `[tests]` command of an env the way a user of it would: `/bin/sh -c COMMAND` with the env's bin/ first
 * on PATH and CONDA_PREFIX set (what `conda activate` does for a command line), in a scratch directory that is
 * removed afterwards, stopped at the timeout. Its output goes to the env's verify log.
 */
export const runEnvTest = async (job: {
  name: string
  prefix: string
  command: string
  runner: Runner
  path: string | undefined
  timeoutMs: number
  signal: AbortSignal
  log: RunLog
}): Promise<Check> => {
  const cwd = mkdtempSync(join(tmpdir(), 'condamig-verify-'))
  const base = {check: 'tests' as const, detail: job.command, packages: []}
  job.log.note(`[tests] ${job.command}`)
  try {
    const result = await job.runner.run({
      file: '/bin/sh',
      args: ['-c', job.command],
      cwd,
      env: {PATH: [join(job.prefix, 'bin'), job.path].filter(Boolean).join(':'), CONDA_PREFIX: job.prefix},
      timeoutMs: job.timeoutMs,
      signal: job.signal,
      onOutput: (chunk) => job.log.write(chunk),
    })
    if (result.exitCode === 0 && !result.timedOut && !result.cancelled) {
      return {...base, status: 'ok', message: '', remediation: ''}
    }

    const how = result.timedOut
      ? `timed out after ${Math.round(job.timeoutMs / 1000)} s`
      : result.cancelled
        ? 'stopped: condamig was interrupted'
        : result.exitCode === null
          ? `killed by ${result.signal ?? 'a signal'}`
          : `exit ${result.exitCode}`
    const said = tail(result.stderr) || tail(result.stdout)
    return {
      ...base,
      status: 'failed',
      message: said ? `${how}: ${said}` : how,
      remediation: `Run the command by hand with PATH=${join(job.prefix, 'bin')}:$PATH, then fix env ${job.name} or its [tests] line.`,
    }
  } finally {
    rmSync(cwd, {recursive: true, force: true})
  }
}
