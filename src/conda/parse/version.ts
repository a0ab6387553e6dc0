const CONDA_VERSION = /\bconda (\d+(?:\.\d+)+\w*)/

/**
 * The version from `conda --version`: `conda 23.7.4` on stdout, or on stderr for old condas
 * (`conda 4.3.22`). undefined when neither stream says it (not a conda binary).
 */
export const parseCondaVersion = (output: {stdout: string; stderr: string}): string | undefined =>
  CONDA_VERSION.exec(output.stdout)?.[1] ?? CONDA_VERSION.exec(output.stderr)?.[1]

const PYTHON_VERSION = /\bPython (\d+(?:\.\d+)+\w*)/

/**
 * The version from `python --version`: `Python 3.11.2` on stdout, or on stderr for Python 2 and 3.3 or older.
 * A root's python is conda's business too: `status` asks it when conda-meta has no python record (a venv root).
 */
export const parsePythonVersion = (output: {stdout: string; stderr: string}): string | undefined =>
  PYTHON_VERSION.exec(output.stdout)?.[1] ?? PYTHON_VERSION.exec(output.stderr)?.[1]

/**
 * Compares dotted versions numerically (`4.10` > `4.9`); missing parts count as 0 and a non-numeric
 * tail (`23.7.4rc1`) is ignored. Negative, zero or positive like a sort comparator.
 */
export const compareVersions = (a: string, b: string): number => {
  const parts = (version: string) => version.split('.').map((part) => Number.parseInt(part, 10) || 0)
  const [left, right] = [parts(a), parts(b)]
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0)
    if (difference !== 0) return difference
  }
  return 0
}
