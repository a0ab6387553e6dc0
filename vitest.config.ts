import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    env: {NO_COLOR: '1', FORCE_COLOR: '0'},
    // most integration and e2e time is spent waiting for child processes (the conda double, the CLI): run more
    // files at once than there are cores
    maxWorkers: 4,
    projects: [
      {extends: true, test: {name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 5000}},
      {extends: true, test: {name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 20_000}},
      {extends: true, test: {name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 60_000}},
      // the whole migration on real conda (../shared/realconda); each file builds its own roots, steps run in order
      {
        extends: true,
        test: {name: 'real', include: ['test/real/**/*.test.ts'], testTimeout: 300_000, hookTimeout: 300_000},
      },
    ],
  },
})
