// Lint, with the architecture's layer rules as errors (see README "Layout").
// Each layer may import only what sits below it:
//   shared/        -> zod only (no Node, no DOM, nothing from electron/ or renderer/)
//   electron/core/ -> shared/ and Node; never `electron`, electron/main, electron/cli, renderer/
//   electron/cli/  -> core and shared; never `electron`
//   electron/main/, electron/preload/ -> may import `electron` (the only places that do)
//   renderer/      -> shared/ and browser code; no Node built-ins, nothing from electron/
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

const noElectron = {
  name: 'electron',
  message: 'Only electron/main and electron/preload may import electron (it needs the binary).',
};

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'out/**', 'coverage/**', 'test-data/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mts}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            noElectron,
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'shared/ is imported by the renderer too: no Node APIs.',
            })),
          ],
          patterns: [
            {
              group: ['**/electron/**', '**/renderer/**'],
              message: 'shared/ imports only zod and other shared/ modules.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            {
              group: [
                '**/electron/main/**',
                '**/electron/preload/**',
                '**/electron/cli/**',
                '**/renderer/**',
                '**/main/*',
                '**/cli/*',
                '**/preload/*',
              ],
              message: 'The vault core is plain Node: it must not depend on a front end.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/cli/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            {
              group: ['**/electron/main/**', '**/main/*', '**/renderer/**'],
              message: 'The CLI runs on the core alone.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            noElectron,
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'The renderer has no Node: talk to main through window.credvault.',
            })),
          ],
          patterns: [
            {
              group: ['**/electron/**'],
              message: 'The renderer talks to the core only through the preload API.',
            },
          ],
        },
      ],
    },
  },
);
