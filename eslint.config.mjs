// ESLint, as GitHub's TypeScript action template has it: typescript-eslint's recommended rules
// with type information, so that a promise nobody awaits is an error.

import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      // One program for every file linted (tsconfig.json's and the config files at the root):
      // cheaper than the project service's default project beside tsconfig.json's.
      parserOptions: { project: ['./tsconfig.eslint.json'], tsconfigRootDir: import.meta.dirname }
    },
    rules: {
      // TypeScript knows Node's globals and checks names itself.
      'no-undef': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
    }
  }
)
