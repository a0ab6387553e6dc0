import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import tseslint from 'typescript-eslint'

/** Imports only point down the layers (STYLE §4): commands → cli → workflows → conda/pip/system → domain. */
const layer = (files, forbidden, why) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', {patterns: forbidden.map((group) => ({group: [group], message: why}))}],
  },
})

export default tseslint.config(
  {ignores: ['dist/', 'node_modules/', 'coverage/', 'fixtures/', 'oclif.manifest.json']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {globals: {process: 'readonly', console: 'readonly', URL: 'readonly'}},
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='process'][callee.property.name='exit']",
          message: 'only bin/ ends the process',
        },
      ],
    },
  },
  {files: ['bin/**', 'bench/**', 'scripts/**', 'test/**'], rules: {'no-restricted-syntax': 'off'}},
  layer(
    ['src/**', 'commands/**', 'test/**', 'bench/**', 'scripts/**'],
    ['execa'],
    'only src/system/execa-runner.ts imports execa',
  ),
  layer(
    ['src/domain/**'],
    [
      '**/system/**',
      '**/conda/**',
      '**/pip/**',
      '**/workflows/**',
      '**/cli/**',
      'node:fs*',
      'node:child_process',
      'execa',
      '@oclif/*',
      'listr2',
    ],
    'domain/ is pure: no I/O, no upper layers',
  ),
  layer(
    ['src/system/**', 'src/conda/**', 'src/pip/**'],
    ['**/workflows/**', '**/cli/**', '@oclif/*', 'listr2', 'execa'],
    'adapters sit below workflows and the CLI',
  ),
  layer(['src/workflows/**'], ['**/cli/**', '@oclif/*', 'execa'], 'workflows know nothing of oclif'),
  {files: ['src/system/execa-runner.ts'], rules: {'no-restricted-imports': 'off'}},
)
