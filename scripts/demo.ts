/**
 * `npm run demo`: the whole blue/green migration on a sandbox shared installation driven by the conda test
 * double (fixtures/conda): an old root (conda 4.3.22) with the environments of fixtures/conda/worlds/
 * demo-envs.json, then install → inventory → export → status → plan → replicate → verify → cutover → status →
 * rollback, each run as a user runs condamig. The sandbox is kept so you can explore it with --base.
 */
import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {DOUBLE_DIR, doubleEnv, installerPath, installRoot, seedEnv, writeWorld} from '../test/support/double.js'
import {DEV_BIN, PKG_ROOT} from '../test/support/run-cli.js'

type DemoEnv = {
  name: string
  action: 'REPLICATE' | 'export'
  conda: string[]
  pip?: string[]
  git?: string[]
  orphans?: string[]
  channels?: string[]
  kernel?: boolean
  why: string
}
type DemoEnvs = {
  oldRoot: {installer: string; channels: string[]}
  newRoot: {installer: string; channels: string[]}
  channelMap: Record<string, string>
  noarchPackages: string[]
  envs: DemoEnv[]
}

const say = (text: string) => process.stdout.write(`\n\u001B[1m${text}\u001B[0m\n`)

/** Runs condamig as a user would, output straight to the terminal; returns its exit code. */
const condamig = (env: Record<string, string>, ...args: string[]): number => {
  process.stdout.write(`\n$ condamig ${args.join(' ')}\n`)
  const result = spawnSync(process.execPath, ['--import', 'tsx', DEV_BIN, ...args], {
    cwd: PKG_ROOT,
    env: {...process.env, ...env, NODE_ENV: 'production'},
    stdio: 'inherit',
  })
  const code = result.status ?? 1
  if (code !== 0) process.stdout.write(`(exit ${code})\n`)
  return code
}

const sandbox = mkdtempSync(join(tmpdir(), 'condamig-demo-'))
const base = join(sandbox, 'conda')
mkdirSync(base)
const world = writeWorld(join(sandbox, 'world'), 'demo')
const worldDir = join(sandbox, 'world')
const demo = JSON.parse(
  readFileSync(join(DOUBLE_DIR, 'worlds', 'demo-envs.json'), 'utf8').replaceAll('${WORLD_DIR}', worldDir),
) as DemoEnvs

say(`1. A shared installation as it is today: ${base}`)
const old = await installRoot({base, name: 'v4.3', installer: demo.oldRoot.installer, world})
writeFileSync(join(old, '.condarc'), `channels:\n${demo.oldRoot.channels.map((c) => `  - ${c}`).join('\n')}\n`)
symlinkSync('v4.3', join(base, 'current'))
symlinkSync('current/envs', join(base, 'envs'))
for (const env of demo.envs) {
  await seedEnv(old, env.name, {
    conda: env.conda,
    pip: env.pip,
    git: env.git,
    orphans: env.orphans,
    channels: env.channels ?? demo.oldRoot.channels,
    world,
  })
  process.stdout.write(`  ${env.name.padEnd(32)} ${env.why}\n`)
  if (env.kernel) {
    const dir = join(base, 'kernels', env.name)
    mkdirSync(dir, {recursive: true})
    // the way users often wrote it: pinned to the versioned root, so it would keep running v4.3 after a cutover
    const python = join(base, 'v4.3', 'envs', env.name, 'bin', 'python')
    writeFileSync(
      join(dir, 'kernel.json'),
      `${JSON.stringify({argv: [python, '-m', 'ipykernel_launcher', '-f', '{connection_file}'], display_name: env.name, language: 'python'}, null, 2)}\n`,
    )
  }
}

const env = doubleEnv(world)
say('2. Take stock: which environments exist, who owns them, which kernels use them')
condamig(env, 'inventory', '--base', base, '--write')
say('   The administrator marks what to migrate and configures the new channels (condamig.ini):')
const ini = join(base, 'condamig.ini')
let text = readFileSync(ini, 'utf8')
for (const e of demo.envs.filter((x) => x.action === 'REPLICATE'))
  text = text.replace(`${e.name} = export`, `${e.name} = REPLICATE`)
writeFileSync(join(base, 'noarch-packages.txt'), `${demo.noarchPackages.join('\n')}\n`)
text += `\n[condamig]\nchannels = ${demo.newRoot.channels.join(', ')}\nchannel_map = ${Object.entries(demo.channelMap)
  .map(([k, v]) => `${k}=${v}`)
  .join(
    ', ',
  )}\nnoarch_packages = noarch-packages.txt\n\n[tests]\nhlink = python -c "import hlink_client, hlink_private"\n`
writeFileSync(ini, text)
process.stdout.write(
  `${text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n')}\n`,
)

say('3. Export every environment (conda env export --no-builds, plus what it loses)')
condamig(env, 'export', '--base', base, '--parallel', '4')
say('4. Install the new root side by side; qa points at it')
condamig(env, 'install', installerPath(demo.newRoot.installer), '--name', 'v26.7', '--base', base)
condamig(env, 'status', '--base', base)
say('5. What replicate will do to one spec')
condamig(env, 'plan', '--base', base, '--env', 'hlink')
say('6. Recreate the REPLICATE environments in qa, 4 at a time')
condamig(env, 'replicate', '--base', base, '--parallel', '4')
process.stdout.write(
  `\nThe failure report, for spreadsheet triage (${join(base, 'reports', 'replicate-latest.csv')}):\n`,
)
process.stdout.write(readFileSync(join(base, 'reports', 'replicate-latest.csv'), 'utf8'))
say('7. Test the qa environments with their own executables')
condamig(env, 'verify', '--base', base)
say('8. Cut over (atomic rename of current), fixing the pinned kernel; then roll back')
condamig(env, 'cutover', '--base', base, '--yes', '--allow-failures', '--rewrite-kernels')
condamig(env, 'status', '--base', base)
condamig(env, 'rollback', '--base', base, '--yes')
condamig(env, 'status', '--base', base)

say(`The sandbox stays for you to explore: ${base}`)
process.stdout.write(
  `  ./bin/dev.js status --base ${base}\n  ./bin/dev.js replicate --base ${base} --retry-failed\n  less ${join(base, 'reports', 'replicate-latest.csv')}\n  ls ${join(base, 'logs')}\n`,
)
