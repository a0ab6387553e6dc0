/**
 * Copies ../shared/conda-transcripts into fixtures/transcripts/<dir>/<file>.json as
 * {file, dir, command, argv, exitCode, stdout, stderr, stdin}: one source of truth that the conda
 * test double's tests and FakeRunner both read. Run: node --import tsx scripts/import-transcripts.ts
 */
import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join, resolve} from 'node:path'

const source = resolve(process.argv[2] ?? '../shared/conda-transcripts')
const target = resolve('fixtures/transcripts')

/** Splits a recorded command line into argv; drops a trailing `# comment`. */
const splitCommand = (line: string): string[] => {
  const args: string[] = []
  let current = ''
  let quote: string | undefined
  let inArg = false
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = undefined
      else current += ch
    } else if (ch === "'" || ch === '"') {
      quote = ch
      inArg = true
    } else if (ch === '#' && !inArg) {
      break
    } else if (/\s/.test(ch)) {
      if (inArg) args.push(current)
      current = ''
      inArg = false
    } else {
      current += ch
      inArg = true
    }
  }

  if (inArg) args.push(current)
  return args
}

const dropLines = (text: string, count: number) => {
  let index = 0
  for (let i = 0; i < count; i++) index = text.indexOf('\n', index) + 1
  return text.slice(index)
}

const importDir = (relDir: string) => {
  const dir = join(source, relDir)
  const rcByFile = new Map<string, number>()
  const indexFile = join(dir, 'index.tsv')
  if (existsSync(indexFile)) {
    for (const row of readFileSync(indexFile, 'utf8').split('\n').filter(Boolean)) {
      const [file, rc] = row.split('\t')
      if (file) rcByFile.set(file, Number(rc))
    }
  }

  mkdirSync(join(target, relDir), {recursive: true})
  let count = 0
  for (const file of readdirSync(dir).sort()) {
    if (file.endsWith('.stderr') || file === 'index.tsv' || file === 'summary.txt') continue
    if (relDir.startsWith('migration') && file.startsWith('mig-')) continue // inputs, not transcripts
    const raw = readFileSync(join(dir, file), 'utf8')
    const command = raw.slice(0, raw.indexOf('\n'))
    const stderrFile = join(dir, `${file}.stderr`)
    let stderr = ''
    let exitCode = rcByFile.get(file) ?? 0
    if (existsSync(stderrFile)) {
      const err = readFileSync(stderrFile, 'utf8')
      const match = /^exit code: (\d+)$/m.exec(err.split('\n')[1] ?? '')
      if (match) exitCode = Number(match[1])
      stderr = dropLines(err, 3)
    }

    const record = {
      dir: relDir,
      file,
      command,
      argv: splitCommand(command),
      stdin: file.includes('answer-y') ? 'y\ny\n' : null,
      exitCode,
      stdout: dropLines(raw, 2),
      stderr,
    }
    writeFileSync(join(target, relDir, `${file}.json`), JSON.stringify(record, null, 1) + '\n')
    count++
  }

  return count
}

const dirs = [
  ...readdirSync(source).filter((d) => /^(conda-|migration-)/.test(d)),
  ...readdirSync(join(source, 'concurrency')).map((d) => `concurrency/${d}`),
]
let total = 0
for (const d of dirs) total += importDir(d)
mkdirSync(join(target, 'inputs'), {recursive: true})
for (const file of readdirSync(join(source, 'inputs'))) {
  writeFileSync(join(target, 'inputs', file), readFileSync(join(source, 'inputs', file)))
}

for (const d of dirs.filter((x) => x.startsWith('migration'))) {
  for (const file of readdirSync(join(source, d)).filter((f) => f.startsWith('mig-'))) {
    writeFileSync(join(target, d, file), readFileSync(join(source, d, file)))
  }
}

writeFileSync(join(target, 'README.md'), readFileSync(join(source, 'README.md')))
console.log(`imported ${total} transcripts into ${target}`)
