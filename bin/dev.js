#!/usr/bin/env -S node --import tsx --disable-warning=ExperimentalWarning
// Development launcher: runs the TypeScript command classes in ./commands through tsx, so that
// npm test and the demo need no build. The dist-to-src path mapping of oclif cannot register tsx
// when it is loaded with --import, so the command directory points at the sources instead.
import {execute} from '@oclif/core'
import {readFileSync} from 'node:fs'

const root = new URL('..', import.meta.url).pathname
const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
pjson.oclif = {...pjson.oclif, commands: './commands'}
await execute({dir: import.meta.url, loadOptions: {root, pjson}})
