// Zero-downtime check of the `current` flip (CONTRACT §3 "Atomically"): a separate reader process stats
// BASE/current/bin/conda in a tight loop while this process flips `current` between two roots, first with
// condamig's flipLink (symlink + rename), then, as controls, with `ln -sfn` and with unlink + symlink. Failed reads
// are downtime. GNU coreutils' `ln -sfn` (gnulib force_symlinkat) has itself gone through a temp name + renameat
// since 2017; older coreutils, busybox and BSD ln unlink first, which the unlink + symlink control reproduces.
import {spawn, spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

import {flipLink} from '../src/system/flip-link.js'
import {condaRootTree, link, makeTree} from '../test/support/fs-tree.js'

/** For one way of flipping: flips done, reads that found nothing, all reads, and reads made while flips ran. */
export type DowntimeCount = {flips: number; failures: number; reads: number; readsDuringFlips: number}

/** One count per way of flipping. */
export type FlipDowntime = {condamig: DowntimeCount; lnSfn: DowntimeCount; unlinkSymlink: DowntimeCount}

// CommonJS for `node -e`. Looks at the start/stop files only every 200 reads so the loop stays tight.
const READER = String.raw`
const {existsSync, statSync} = require('node:fs')
const [target, startFile, stopFile] = process.argv.slice(1)
let reads = 0
let failures = 0
let readsDuringFlips = 0
let flipping = false
process.stdout.write('READY\n')
for (;;) {
  for (let i = 0; i < 200; i++) {
    reads++
    try { statSync(target) } catch { failures++ }
  }
  if (flipping) readsDuringFlips += 200
  else flipping = existsSync(startFile)
  if (existsSync(stopFile)) break
}
process.stdout.write(JSON.stringify({reads, failures, readsDuringFlips}) + '\n')
`

/** Flips are at least this far apart (busy wait), so the reader certainly runs while they happen. */
const SPACING_NS = 100_000n

const readLines = (stream: NodeJS.ReadableStream, onLine: (line: string) => void) => {
  let buffer = ''
  stream.on('data', (chunk: Buffer) => {
    buffer += chunk.toString()
    const lines = buffer.split('\n')
    buffer = lines.pop() ?? ''
    lines.forEach(onLine)
  })
}

/** Runs the reader while `flip` is called `flips` times, alternating between the roots v1 and v2. */
const measure = async (base: string, name: string, flips: number, flip: (target: string) => void) => {
  const [startFile, stopFile] = [join(base, `.start-${name}`), join(base, `.stop-${name}`)]
  const reader = spawn(process.execPath, ['-e', READER, join(base, 'current', 'bin', 'conda'), startFile, stopFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const lines: string[] = []
  let ready!: () => void
  const isReady = new Promise<void>((resolve) => (ready = resolve))
  readLines(reader.stdout, (line) => (line === 'READY' ? ready() : lines.push(line)))
  const done = new Promise<number | null>((resolve) => reader.once('exit', resolve))
  await isReady
  writeFileSync(startFile, '')
  for (let i = 0; i < flips; i++) {
    const next = process.hrtime.bigint() + SPACING_NS
    flip(i % 2 === 0 ? 'v2' : 'v1')
    while (process.hrtime.bigint() < next) {
      // spacing only
    }
  }
  writeFileSync(stopFile, '')
  const code = await done
  const result = lines.length > 0 ? (JSON.parse(lines.at(-1) ?? '') as Omit<DowntimeCount, 'flips'>) : undefined
  if (code !== 0 || !result) throw new Error(`the reader process failed (exit ${code})`)
  return {flips, ...result}
}

/**
 * Counts the reads of BASE/current/bin/conda that failed while `current` was flipped `flips` times: with condamig's
 * flip (must be 0), with the system's `ln -sfn`, and with unlink + symlink (the non-atomic way; timing-dependent).
 */
export const benchFlipDowntime = async ({flips}: {flips: number}): Promise<FlipDowntime> => {
  const base = mkdtempSync(join(tmpdir(), 'condamig-bench-flip-'))
  try {
    makeTree(base, {v1: condaRootTree(), v2: condaRootTree(), current: link('v1')})
    const current = join(base, 'current')
    const condamig = await measure(base, 'condamig', flips, (target) => flipLink(current, target))
    const lnSfn = await measure(base, 'ln', flips, (target) => {
      const ln = spawnSync('ln', ['-sfn', target, current])
      if (ln.status !== 0) throw new Error(`ln -sfn failed: ${ln.stderr.toString()}`)
    })
    const unlinkSymlink = await measure(base, 'unlink', flips, (target) => {
      unlinkSync(current)
      symlinkSync(target, current)
    })
    return {condamig, lnSfn, unlinkSymlink}
  } finally {
    rmSync(base, {recursive: true, force: true})
  }
}

const main = async () => {
  const flips = Number(process.argv[2] ?? 500)
  const {condamig, lnSfn, unlinkSymlink} = await benchFlipDowntime({flips})
  const show = (c: DowntimeCount) => `${c.failures} failed reads (${c.readsDuringFlips} reads while flipping)`
  console.log(`flip downtime over ${flips} flips (a concurrent reader stats current/bin/conda):`)
  console.log(`  condamig flipLink (symlink + rename): ${show(condamig)}`)
  console.log(`  ln -sfn (control):                    ${show(lnSfn)}`)
  console.log(`  unlink + symlink (control):           ${show(unlinkSymlink)}`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
