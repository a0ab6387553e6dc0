import type {PipCommand} from '../pip/types.js'

/** Marks condamig's JSON line, so output that imported modules print themselves cannot be mistaken for it. */
export const PROBE_MARKER = '@@condamig-probe@@'

// Python 2.7 and 3 alike: an old env replicated as-is may still run 2.7. Names arrive as argv, never as code.
const VERSION_SCRIPT = [
  'import json, sys',
  `sys.stdout.write("\\n${PROBE_MARKER}" + json.dumps({"version": "%d.%d.%d" % tuple(sys.version_info[:3]), "prefix": sys.prefix}) + "\\n")`,
].join('\n')

// ONE module in a fresh interpreter: nothing imported before it can change the answer (setuptools' distutils hack
// fails after `import pip` on python < 3.12, while it works alone). os.write and os._exit: a module that replaced
// sys.stdout or left threads or atexit hooks behind cannot hide or delay the answer.
const IMPORT_ONE_SCRIPT = [
  'import importlib, json, os, sys',
  'try:',
  '    module = importlib.import_module(sys.argv[1])',
  '    version = getattr(module, "__version__", None)',
  '    try:',
  '        version = None if version is None else str(version)',
  '    except Exception:',
  '        version = None',
  '    out = {"ok": True, "version": version}',
  'except BaseException as error:',
  '    out = {"ok": False, "error": "%s: %s" % (type(error).__name__, error)}',
  `os.write(1, ("\\n${PROBE_MARKER}" + json.dumps(out) + "\\n").encode("ascii"))`,
  'os._exit(0)',
].join('\n')

// The driver: one child interpreter (sys.executable, with this process's environment) per module, one after the
// other, each judged on its own; a child that dies (segfault, os._exit) costs only its own module's answer.
const PROBE_SCRIPT = [
  'import json, os, signal, subprocess, sys',
  `MARKER = ${JSON.stringify(PROBE_MARKER)}`,
  `IMPORT_ONE = ${JSON.stringify(IMPORT_ONE_SCRIPT)}`,
  'def said(data):',
  '    return data.decode("utf-8", "replace")',
  'def died(code, stderr):',
  '    if code < 0:',
  '        try:',
  '            how = "python was killed by %s" % signal.Signals(-code).name',
  '        except Exception:',
  '            how = "python was killed by signal %d" % -code',
  '    else:',
  '        how = "python exited %d" % code',
  '    tail = [line.strip() for line in said(stderr).strip().split("\\n") if line.strip()][-4:]',
  '    return how + (": " + "; ".join(tail) if tail else " without an answer")',
  'def judge(name):',
  '    if not sys.executable:',
  '        return {"ok": False, "error": "sys.executable is unknown: cannot start a fresh python"}',
  '    devnull = open(os.devnull, "rb")',
  '    try:',
  '        child = subprocess.Popen([sys.executable, "-c", IMPORT_ONE, name], stdin=devnull,',
  '                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)',
  '        stdout, stderr = child.communicate()',
  '    except OSError as error:',
  '        return {"ok": False, "error": "could not start %s: %s" % (sys.executable, error)}',
  '    finally:',
  '        devnull.close()',
  '    for line in reversed(said(stdout).split("\\n")):',
  '        if line.startswith(MARKER):',
  '            try:',
  '                return json.loads(line[len(MARKER):])',
  '            except ValueError:',
  '                break',
  '    return {"ok": False, "error": died(child.returncode, stderr)}',
  'out = {}',
  'for name in sys.argv[1:]:',
  '    out[name] = judge(name)',
  `sys.stdout.write("\\n${PROBE_MARKER}" + json.dumps(out) + "\\n")`,
].join('\n')

/** `PYTHON -c …`: prints the interpreter's version and sys.prefix as one marked JSON line. */
export const pythonVersionArgs = (python: string): PipCommand => ({file: python, args: ['-c', VERSION_SCRIPT]})

/**
 * `PYTHON -c … MODULE…`: ONE run of the env's python that imports each module in a fresh interpreter of its
 * own (so no answer depends on which modules were imported before) and prints `{module: {ok, version?, error?}}`
 * as one marked JSON line. A module that kills its interpreter (segfault, os._exit) fails alone, with how it died.
 */
export const probeImportsArgs = (python: string, modules: readonly string[]): PipCommand => ({
  file: python,
  args: ['-c', PROBE_SCRIPT, ...modules],
})
