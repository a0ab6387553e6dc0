#!/usr/bin/env -S node --disable-warning=ExperimentalWarning
// Development launcher: runs the TypeScript command classes in ./commands through tsx, so that
// npm test and the demo need no build. The dist-to-src path mapping of oclif cannot register tsx
// when it is loaded with --import, so the command directory points at the sources instead.
// tsx is registered here, resolved from this file and with this package's tsconfig, not through
// `node --import tsx` (which resolves tsx and tsconfig.json from the working directory): so
// ./bin/dev.js works from any directory. bin/run.js imports this file when dist/ is not built.
import {execute} from '@oclif/core'
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {register} from 'tsx/esm/api'

register({tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url))})
const root = fileURLToPath(new URL('..', import.meta.url))
const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
pjson.oclif = {...pjson.oclif, commands: './commands'}
await execute({dir: import.meta.url, loadOptions: {root, pjson}})
