// Lint, with the architecture's layers as an allow-list, as errors (see
// README "Development"). Each layer names everything it may import; anything
// else, including a new npm package, fails lint until it is added here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layerImports from './eslint-rules/layer-imports.js';

// Entries ending in '/' are repo folders, NODE is every Node built-in (except
// `module`: createRequire would load anything past the rule), and the rest
// are npm packages, subpaths included (`paseto` allows `paseto/v4/public`).
const NODE = 'node:';
const layers = {
  'shared/': ['shared/', 'zod'],
  // The vault core is plain Node: never `electron` in any form, no front end.
  'electron/core/': [
    'electron/core/',
    'shared/',
    NODE,
    'chokidar',
    'jose',
    'keytar',
    'oauth4webapi',
    'paseto',
    'zod',
  ],
  // Front ends over the core, run by plain Node.
  'electron/cli/': [
    'electron/cli/',
    'electron/core/',
    // `credvault ui` starts browser mode.
    'electron/web/',
    'shared/',
    NODE,
    'commander',
    '@commander-js/extra-typings',
    'zod',
  ],
  'electron/web/': ['electron/web/', 'electron/core/', 'shared/', NODE, 'zod'],
  // Electron glue: the only folders that load `electron`.
  'electron/main/': ['electron/main/', 'electron/core/', 'shared/', NODE, 'electron', 'zod'],
  'electron/preload/': ['electron/preload/', 'shared/', 'electron', 'zod'],
  // The UI has no Node and reaches the core only through the contract client.
  'renderer/': [
    'renderer/',
    'shared/',
    'react',
    'react-dom',
    'zustand',
    '@tanstack/react-virtual',
    'zod',
  ],
};

const layerRule = {
  layers,
  // What a *.test.ts(x) file may import on top of its layer's list.
  testExtras: ['test-support/', 'vitest', 'fast-check', '@fast-check/vitest'],
  // The one file that serves the contract over IPC, and the preload.
  electronNames: {
    ipcMain: ['electron/main/ipc/serve-contract.ts'],
    ipcRenderer: ['electron/preload/'],
  },
  // The only tooling that may start Electron (Playwright's _electron).
  electronSuites: ['e2e/electron/'],
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
    files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
    plugins: { credvault: { rules: { 'layer-imports': layerImports } } },
    rules: { 'credvault/layer-imports': ['error', layerRule] },
  },
  {
    // The sandboxed preload hands the page a bridge and nothing else.
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "ImportDeclaration[source.value=/^electron(\\/|$)/][importKind='value'] > ImportSpecifier[importKind='value']:not([imported.name=/^(contextBridge|ipcRenderer)$/])",
          message: 'The preload takes only contextBridge and ipcRenderer from electron.',
        },
      ],
    },
  },
);
