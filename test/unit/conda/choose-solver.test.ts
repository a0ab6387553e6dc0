import {describe, expect, it} from 'vitest'

import {chooseSolver} from '../../../src/conda/choose-solver.js'
import {categoriseCondaError, unknownSolver} from '../../../src/conda/categorise.js'
import {solverProbeArgs} from '../../../src/conda/argv/query-args.js'
import {parseSolverProbe} from '../../../src/conda/parse/solver-probe.js'
import {condaRemediation} from '../../../src/conda/remediation.js'

// what real conda 26.7.1 and 23.7.4 print (../shared/realconda roots, no conda-libmamba-solver)
const INVALID_CHOICE_26 =
  "usage: conda create [-h] [--clone ENV] ...\n                    [--subdir SUBDIR] [--solver {classic}] [--dev]\n                    [package_spec ...]\nconda create: error: argument --solver: invalid choice: 'libmamba' (choose from 'classic')\n"
const NO_LIBMAMBA =
  'You have chosen a non-default solver backend (libmamba) but it was not recognized. Choose one of: classic'

describe('chooseSolver', () => {
  it('uses bin/mamba when the root has it', () => {
    expect(chooseSolver({condaVersion: '23.7.4', hasMamba: true, probe: {works: true}})).toEqual({solver: 'mamba'})
    expect(chooseSolver({condaVersion: '4.8.3', hasMamba: true})).toEqual({solver: 'mamba'})
  })

  it('passes --solver=libmamba when the root accepts it', () => {
    expect(chooseSolver({condaVersion: '26.7.1', hasMamba: false, probe: {works: true}})).toEqual({
      solver: 'libmamba',
      flag: 'libmamba',
    })
  })

  it('passes --solver=classic when the root has only classic, whatever its .condarc or default says', () => {
    expect(
      chooseSolver({condaVersion: '26.7.1', hasMamba: false, probe: {works: false, available: ['classic']}}),
    ).toEqual({solver: 'classic', flag: 'classic'})
  })

  it('leaves conda older than 22.11 (no --solver) to classic from its config', () => {
    expect(chooseSolver({condaVersion: '4.8.5', hasMamba: false})).toEqual({solver: 'classic'})
  })

  it('passes nothing when the probe gave no answer it can read', () => {
    expect(chooseSolver({condaVersion: '26.7.1', hasMamba: false, probe: {works: 'unknown'}})).toEqual({
      solver: 'libmamba',
    })
    expect(chooseSolver({condaVersion: '23.7.4', hasMamba: false, probe: {works: 'unknown'}})).toEqual({
      solver: 'classic',
    })
  })
})

describe('the solver probe', () => {
  it('solves nothing into a prefix that does not exist, asking for libmamba', () => {
    expect(solverProbeArgs('/b/qa/bin/conda', '/b/v26.7/envs/.probe').args).toEqual([
      'create',
      '--dry-run',
      '--json',
      '-p',
      '/b/v26.7/envs/.probe',
      '--solver=libmamba',
    ])
  })

  it("reads argparse's refusal as the solvers the root has (quoted, and unquoted as Python 3.12.8+ prints it)", () => {
    expect(parseSolverProbe({exitCode: 2, stdout: '', stderr: INVALID_CHOICE_26})).toEqual({
      works: false,
      available: ['classic'],
    })
    const unquoted = 'conda create: error: argument --solver: invalid choice: libmamba (choose from classic, rattler)\n'
    expect(parseSolverProbe({exitCode: 2, stdout: '', stderr: unquoted})).toEqual({
      works: false,
      available: ['classic', 'rattler'],
    })
  })

  it('reads a dry-run success as libmamba working, anything else as no answer', () => {
    const ok = '{"actions": {"FETCH": [], "PREFIX": "/x"}, "dry_run": true, "prefix": "/x", "success": true}'
    expect(parseSolverProbe({exitCode: 0, stdout: ok, stderr: ''})).toEqual({works: true})
    expect(parseSolverProbe({exitCode: 1, stdout: '{"error": "x"}', stderr: ''})).toEqual({works: 'unknown'})
  })
})

describe('a solver the root does not have', () => {
  it('is a config_error at the solve stage, not unknown', () => {
    expect(unknownSolver(NO_LIBMAMBA)).toEqual({chosen: 'libmamba', available: ['classic']})
    expect(categoriseCondaError('CondaValueError', NO_LIBMAMBA)).toEqual({category: 'config_error', stageHint: 'solve'})
    expect(categoriseCondaError('CondaValueError', 'The target prefix is the base prefix. Aborting.').category).toBe(
      'unknown',
    )
  })

  it('gets a remediation that sets a solver the root offers in its own .condarc', () => {
    const failure = {exceptionName: 'CondaValueError', message: NO_LIBMAMBA, packages: [], channelUrls: []}
    expect(
      condaRemediation(failure as never, 'config_error', {
        overrideFile: 'env_specs/overrides/x.yml',
        channels: [],
        condaBin: '/b/v26.7/bin/conda',
      }),
    ).toBe(
      "the root's conda is set to the libmamba solver, which it does not have: run /b/v26.7/bin/conda config --file /b/v26.7/.condarc --set solver classic, then rerun with --retry-failed",
    )
  })
})
