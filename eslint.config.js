// Lint: typescript-eslint's recommended rules plus the import boundaries of DESIGN.md §1.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'fs',
  'path',
  'os',
  'child_process',
  'worker_threads',
  'url',
  'crypto',
  'util',
  'stream',
  'http',
  'module',
  'process',
];
const uiPackages = ['react', 'react-dom', 'zustand', 'recharts', 'electron'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-electron/', 'out/', 'runs/', 'renderer/dist/', 'test/golden/**/*.py'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['bin/**/*.mjs', 'scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // Rule 1: the core is portable science: no UI, no Electron, no Node built-ins, no DOM-side packages.
    files: ['core/**/*.ts'],
    ignores: ['core/worker/node-*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, ...uiPackages].map((name) => ({
            name,
            message: 'core/ stays free of Node built-ins, UI and Electron (DESIGN.md §1 rule 1).',
          })),
          patterns: [
            { group: ['node:*'], message: 'core/ stays free of Node built-ins (DESIGN.md §1 rule 1).' },
            {
              group: ['**/renderer/**', '**/electron/**', '**/cli/**'],
              message: 'core/ imports nothing from renderer/, electron/ or cli/ (DESIGN.md §1 rule 1).',
            },
          ],
        },
      ],
    },
  },
  {
    // The tokenizer must run anywhere, without TensorFlow.js.
    files: ['core/tokenizer/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@tensorflow/*'], message: 'core/tokenizer has no TensorFlow.js import (DESIGN.md §1).' },
            {
              group: ['node:*', ...nodeBuiltins],
              message: 'core/ stays free of Node built-ins (DESIGN.md §1 rule 1).',
            },
          ],
        },
      ],
    },
  },
  {
    // Rule 3: the renderer talks to the core through worker messages; it may import types, config, record and report.
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@tensorflow/*'], message: 'renderer/ never imports TensorFlow.js (DESIGN.md §1 rule 3).' },
            {
              group: [
                '**/core/*',
                '!**/core/config',
                '!**/core/config/*',
                '!**/core/record',
                '!**/core/record/*',
                '!**/core/report',
                '!**/core/report/*',
              ],
              allowTypeImports: true,
              message:
                'renderer/ may import only types, core/config and core/report, and core/record (the run record) (DESIGN.md §1 rule 3).',
            },
          ],
        },
      ],
    },
  },
);
