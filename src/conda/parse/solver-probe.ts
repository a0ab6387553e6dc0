import type {SolverProbe} from '../choose-solver.js'
import {lastJsonObject} from './json-documents.js'

/** argparse: `invalid choice: 'libmamba' (choose from 'classic')`; Python >= 3.12.8 drops the quotes. */
const INVALID_CHOICE = /argument --solver: invalid choice: '?libmamba'? \(choose from ([^)]*)\)/

/** Reads the answer to solverProbeArgs. */
export const parseSolverProbe = (result: {exitCode: number | null; stdout: string; stderr: string}): SolverProbe => {
  const offered = INVALID_CHOICE.exec(result.stderr)?.[1]
  if (offered !== undefined) {
    const available = offered
      .split(',')
      .map((name) => name.trim().replaceAll("'", ''))
      .filter(Boolean)
    return {works: false, available}
  }
  const document = result.exitCode === 0 ? lastJsonObject(result.stdout) : undefined
  return document?.success === true ? {works: true} : {works: 'unknown'}
}
