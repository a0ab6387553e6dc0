import {expect} from 'vitest'
import {normalise} from '../../support/double-transcripts.js'
import {COMMON_APPROXIMATIONS, replaySuite, type Approximation} from '../../support/double-replay.js'

/** 23.7.4 dies on broken YAML with an unhandled ruamel traceback; the double keeps the report's shape. */
const parserErrorReport: Approximation = {
  why: 'the traceback frames and the conda info dump of the ERROR REPORT are not reproduced',
  compare: (t, r) => {
    expect(r.exitCode).toBe(t.exitCode)
    if (t.file.endsWith('.json')) {
      const doc = JSON.parse(r.stdout) as Record<string, string>
      expect(doc.exception_name).toBe('ParserError')
      expect(doc.exception_type).toBe("<class 'ruamel.yaml.parser.ParserError'>")
      return
    }
    expect(normalise(r.stdout)).toBe(normalise(t.stdout))
    expect(r.stderr).toContain('# >>>>>>>>>>>>>>>>>>>>>> ERROR REPORT <<<<<<<<<<<<<<<<<<<<<<')
    expect(r.stderr).toContain('ruamel.yaml.parser.ParserError: while parsing a flow sequence')
    expect(r.stderr).toContain("expected ',' or ']', but got '<stream end>'")
  },
}

replaySuite('23.7.4', 'v1', {
  ...COMMON_APPROXIMATIONS,
  'env-create-bad-yaml-syntax.txt': parserErrorReport,
  'env-create-bad-yaml-syntax.json': parserErrorReport,
})
