#!/usr/bin/env node
import {existsSync} from 'node:fs'

// The package (npm pack) ships dist/. A source checkout has it only after `npm run build`: straight after
// `npm ci` it runs the TypeScript sources through tsx instead (bin/dev.js), rather than finding no commands.
if (existsSync(new URL('../dist/commands', import.meta.url))) {
  const {execute} = await import('@oclif/core')
  await execute({dir: import.meta.url})
} else {
  await import('./dev.js')
}
