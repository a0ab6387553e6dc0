/**
 * Which module to import to prove a package works (verify's `imports` check). The distribution name and the import
 * name differ for many packages; the map covers the common ones and the package's own files (top-level modules under
 * site-packages, from conda-meta or pip's dist-info) cover the rest. A package without such files is not importable
 * (python itself, openssl, a C library) and is not probed.
 */
export const IMPORT_NAMES: Readonly<Record<string, string>> = {
  'scikit-learn': 'sklearn',
  'scikit-image': 'skimage',
  pyyaml: 'yaml',
  beautifulsoup4: 'bs4',
  pillow: 'PIL',
  opencv: 'cv2',
  'py-opencv': 'cv2',
  'opencv-python': 'cv2',
  'opencv-python-headless': 'cv2',
  'python-dateutil': 'dateutil',
  pytables: 'tables',
  pyzmq: 'zmq',
  'msgpack-python': 'msgpack',
  protobuf: 'google.protobuf',
  attrs: 'attr',
  ipython: 'IPython',
  'prompt-toolkit': 'prompt_toolkit',
  'typing-extensions': 'typing_extensions',
  pyopenssl: 'OpenSSL',
  pycryptodome: 'Crypto',
  pyjwt: 'jwt',
  pytorch: 'torch',
  'matplotlib-base': 'matplotlib',
  'importlib-metadata': 'importlib_metadata',
  dnspython: 'dns',
  gitpython: 'git',
  'ruamel.yaml': 'ruamel.yaml',
  'jupyter-core': 'jupyter_core',
  'jupyter-client': 'jupyter_client',
  'setuptools-scm': 'setuptools_scm',
  pyqt: 'PyQt5',
  pywavelets: 'pywt',
  'python-graphviz': 'graphviz',
}

/** Directories that badly packaged distributions ship at top level; never the package's own module. */
const NOT_MODULES = new Set(['tests', 'test', 'docs', 'doc', 'examples', 'benchmarks', 'bin', 'share'])

const SITE_PACKAGES = /^(?:lib\/python[^/]+\/)?site-packages\/(.+)$/

/** `numpy`, `yaml.cpython-311-x86_64-linux-gnu.so` → `yaml`, `six.py` → `six`; undefined for anything else. */
const moduleOf = (first: string, nested: boolean): string | undefined => {
  if (nested) return /^[A-Za-z]\w*$/.test(first) ? first : undefined
  const file = /^([A-Za-z]\w*)(?:\.[\w-]+)?\.(?:py|so|pyd)$/.exec(first)
  return file?.[1]
}

/**
 * The public top-level modules a package installs, from its file list: conda-meta `files` (relative to the prefix)
 * or pip RECORD entries (`relativeTo: 'site-packages'`). Package directories, `.py` modules and extension modules
 * count; private (`_name`), metadata (`*.dist-info`, `*.egg-info`) and test directories do not. Sorted, unique.
 */
export const topLevelModules = (
  files: readonly string[],
  relativeTo: 'prefix' | 'site-packages' = 'prefix',
): string[] => {
  const found = new Set<string>()
  for (const file of files) {
    const rest = relativeTo === 'prefix' ? SITE_PACKAGES.exec(file)?.[1] : file
    if (rest === undefined) continue
    const [first = '', ...others] = rest.split('/')
    const name = moduleOf(first, others.length > 0)
    if (name === undefined || name.startsWith('_') || NOT_MODULES.has(name)) continue
    if (others.length > 0 && !others.some((part) => /\.(py|so|pyd)$/.test(part))) continue
    found.add(name)
  }

  return [...found].sort()
}

/**
 * The module verify imports for a package, or undefined when the package is not importable (no module files).
 * Preference: the name map, the package's own name (`-` → `_`, a `python-` prefix dropped), its only module,
 * then the first module alphabetically.
 */
export const importModuleFor = (packageName: string, modules: readonly string[]): string | undefined => {
  if (modules.length === 0) return undefined
  const name = packageName.toLowerCase()
  const mapped = IMPORT_NAMES[name]
  if (mapped !== undefined && modules.includes(mapped.split('.')[0] ?? mapped)) return mapped
  const plain = name.replaceAll(/[-.]/g, '_')
  for (const candidate of [plain, plain.replace(/^python_/, ''), plain.replace(/^py/, '')]) {
    const hit = modules.find((module) => module.toLowerCase() === candidate)
    if (hit !== undefined) return hit
  }

  return modules[0]
}
