/**
 * Small worlds for the double's own tests: a conda-forge-like channel with a few packages, a pip
 * index and two git repositories (one unreachable). Tests override delays/failures per case.
 */
import type {World} from './double.js'

const py = (version: string, build: string) => ({
  name: 'python',
  version,
  build,
  subdir: 'linux-64',
  depends: ['libzlib >=1.2.13', '__glibc >=2.17'],
})
const pin = (xy: string) => `python >=${xy},<${xy.replace(/\d+$/, (m) => String(Number(m) + 1))}.0a0`

/** A world with python 3.10/3.11, pip, numpy, a package whose import fails, a pip index and git repos. */
export const tinyWorld = (extra: Partial<World> = {}): World => ({
  name: 'tiny',
  channelAlias: 'https://conda.anaconda.org',
  // `defaults` of a Miniconda root resolves to the same channel, so every installer's root can solve
  defaultChannels: ['https://conda.anaconda.org/conda-forge'],
  channels: [
    {
      name: 'conda-forge',
      packages: [
        {name: 'libzlib', version: '1.2.13', build: 'hd590300_5', subdir: 'linux-64', depends: []},
        py('3.10.13', 'hd12c33a_0_cpython'),
        py('3.11.7', 'hab00c5b_1_cpython'),
        {name: 'pip', version: '23.3.2', build: 'pyhd8ed1ab_0', noarch: 'python', depends: ['python >=3.7']},
        {name: 'numpy', version: '1.26.4', build: 'py311h64a7726_0', subdir: 'linux-64', depends: [pin('3.11')]},
        {name: 'numpy', version: '1.26.4', build: 'py310hb13e2d6_0', subdir: 'linux-64', depends: [pin('3.10')]},
        {
          name: 'pyyaml',
          version: '6.0.1',
          build: 'py311h459d7ec_1',
          subdir: 'linux-64',
          depends: [pin('3.11')],
          modules: ['yaml'],
        },
        {
          name: 'brokenlib',
          version: '1.0',
          build: 'pyhd8ed1ab_0',
          noarch: 'python',
          depends: ['python >=3.8'],
          importError: 'ImportError: libbroken.so.1: cannot open shared object file: No such file or directory',
        },
      ],
    },
  ],
  pip: {
    packages: [
      {name: 'toolz', version: '0.12.0', requires: []},
      {name: 'toolz', version: '0.12.1', requires: []},
      {name: 'hlink-client', version: '1.0.0', requires: ['toolz>=0.12']},
    ],
  },
  git: [
    {
      url: 'https://github.com/example/hlink-private.git',
      name: 'hlink-private',
      version: '0.2.0',
      refs: {'v0.2.0': '6c59a7cb98cf6365b2b6826fa84dfc3ac543bef0', HEAD: '6c59a7cb98cf6365b2b6826fa84dfc3ac543bef0'},
    },
    {url: 'https://git.example.org/gone/legacy-tools.git', name: 'legacy-tools', version: '1.0', reachable: false},
  ],
  ...extra,
})
