import {
  COMMON_APPROXIMATIONS,
  replaySuite,
  sameJsonAnyKeyOrder,
  sameLinesAnyOrder,
} from '../../support/double-replay.js'

replaySuite(
  '25.11.1',
  'v2',
  {
    ...COMMON_APPROXIMATIONS,
    'info.json': {why: 'env_vars keys come out of a set', compare: sameJsonAnyKeyOrder},
    'export-explicit.txt': {why: 'conda export lists the URLs in set order', compare: sameLinesAnyOrder},
  },
  {'export-help.txt': "argparse's --help text"},
)
