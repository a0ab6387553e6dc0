import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    env: {NO_COLOR: '1', FORCE_COLOR: '0'},
    projects: [
      {extends: true, test: {name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 5000}},
      {extends: true, test: {name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 20_000}},
      {extends: true, test: {name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 60_000}},
    ],
  },
})
