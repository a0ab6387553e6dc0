import type {PipCommand} from '../pip/types.js'

/** Marks condamig's JSON line, so output that imported modules print themselves cannot be mistaken for it. */
export const PROBE_MARKER = '@@condamig-probe@@'

// Python 2.7 and 3 alike: an old env replicated as-is may still run 2.7. Names arrive as argv, never as code.
const VERSION_SCRIPT = [
  'import json, sys',
  `sys.stdout.write("\\n${PROBE_MARKER}" + json.dumps({"version": "%d.%d.%d" % tuple(sys.version_info[:3]), "prefix": sys.prefix}) + "\\n")`,
].join('\n')

const PROBE_SCRIPT = [
  'import importlib, json, sys',
  'out = {}',
  'for name in sys.argv[1:]:',
  '    try:',
  '        module = importlib.import_module(name)',
  '        version = getattr(module, "__version__", None)',
  '        out[name] = {"ok": True, "version": None if version is None else str(version)}',
  '    except BaseException as error:',
  '        out[name] = {"ok": False, "error": "%s: %s" % (type(error).__name__, error)}',
  `sys.stdout.write("\\n${PROBE_MARKER}" + json.dumps(out) + "\\n")`,
].join('\n')

/** `PYTHON -c …`: prints the interpreter's version and sys.prefix as one marked JSON line. */
export const pythonVersionArgs = (python: string): PipCommand => ({file: python, args: ['-c', VERSION_SCRIPT]})

/**
 * `PYTHON -c … MODULE…`: ONE process tries every import and prints `{module: {ok, version?, error?}}`
 * as one marked JSON line. A module that kills the process (segfault, os._exit) loses the whole answer.
 */
export const probeImportsArgs = (python: string, modules: readonly string[]): PipCommand => ({
  file: python,
  args: ['-c', PROBE_SCRIPT, ...modules],
})
