// Lint: typescript-eslint's recommended rules, two typed rules (promises), and the boundaries of docs/design.md §1,
// static imports and dynamic import() alike.
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
  'https',
  'net',
  'events',
  'buffer',
  'module',
  'process',
];
const uiPackages = ['react', 'react-dom', 'zustand', 'recharts', 'electron'];

// esquery reads a regex up to the next '/', so a slash inside one is written \x2F.
const packageRegex = (names) => `(${names.join('|')})(\\x2F|$)`;
const NODE_SPECIFIER = `^(node:|${packageRegex(nodeBuiltins)})`;

/** no-restricted-syntax entries refusing import() of a matching specifier, and any import() not given a literal. */
function forbidDynamicImports(forbidden) {
  return [
    ...forbidden.map(({ regex, message }) => ({
      selector: `ImportExpression[source.value=/${regex}/]`,
      message: `${message} (dynamic import() included)`,
    })),
    {
      selector: 'ImportExpression[source.type!="Literal"]',
      message: 'import() takes a string literal here, so the lint can check where it points (docs/design.md §1).',
    },
  ];
}

const CORE_RULE = 'core/ stays free of Node built-ins, UI and Electron (docs/design.md §1 rule 1)';
const CORE_OUTWARD = 'core/ imports nothing from renderer/, electron/ or cli/ (docs/design.md §1 rule 1)';
const NO_TF = 'core/tokenizer, core/record and core/metrics have no TensorFlow.js import (docs/design.md §1)';
const RENDERER_NODE = 'renderer/ runs in a browser page: no Node built-ins and no Electron (docs/design.md §1 rule 3)';
const RENDERER_TF = 'renderer/ never imports TensorFlow.js (docs/design.md §1 rule 3)';
const EDGE_RENDERER = 'cli/ and electron/ do not import renderer/: the UI reaches them through its build only';
const ELECTRON_TF = 'electron/ does not import TensorFlow.js: training runs in the worker, not the main process';
const OUTWARD_REGEX = '(^|\\x2F)(renderer|electron|cli)(\\x2F|$)';
const RENDERER_REGEX = '(^|\\x2F)renderer(\\x2F|$)';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'dist-electron/',
      'out/',
      'runs/',
      'renderer/dist/',
      '.cache/',
      'test/golden/**/*.py',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Typed rules: a promise nobody awaits loses its error (an IndexedDB write failing in silence).
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['bin/**/*.mjs', 'scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // Rule 1: the core is portable science: no UI, no Electron, no Node built-ins or globals, no DOM.
    files: ['core/**/*.ts'],
    ignores: ['core/worker/node-*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, ...uiPackages].map((name) => ({ name, message: `${CORE_RULE}.` })),
          patterns: [
            { group: ['node:*', ...nodeBuiltins.map((n) => `${n}/*`)], message: `${CORE_RULE}.` },
            { group: ['**/renderer/**', '**/electron/**', '**/cli/**'], message: `${CORE_OUTWARD}.` },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'global', 'require', '__dirname', '__filename'].map((name) => ({
          name,
          message: `${name} is Node's: ${CORE_RULE}; pass what it gives in from cli/ or the Node worker entry.`,
        })),
        ...['document', 'window'].map((name) => ({
          name,
          message: `${name} is the page's: core/ also runs in workers and Node (docs/design.md §1 rule 1).`,
        })),
      ],
      'no-restricted-syntax': [
        'error',
        ...forbidDynamicImports([
          { regex: `${NODE_SPECIFIER}|^${packageRegex(uiPackages)}`, message: CORE_RULE },
          { regex: OUTWARD_REGEX, message: CORE_OUTWARD },
        ]),
      ],
    },
  },
  {
    // The tokenizer, the run record and the metrics run anywhere without TensorFlow.js (the renderer reads them).
    files: ['core/tokenizer/**/*.ts', 'core/record/**/*.ts', 'core/metrics/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@tensorflow/*'], message: `${NO_TF}.` },
            { group: ['node:*', ...nodeBuiltins], message: `${CORE_RULE}.` },
            { group: ['**/renderer/**', '**/electron/**', '**/cli/**'], message: `${CORE_OUTWARD}.` },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        ...forbidDynamicImports([
          { regex: '^@tensorflow\\x2F', message: NO_TF },
          { regex: `${NODE_SPECIFIER}|^${packageRegex(uiPackages)}`, message: CORE_RULE },
          { regex: OUTWARD_REGEX, message: CORE_OUTWARD },
        ]),
      ],
    },
  },
  {
    // Rule 3: the renderer talks to the core through worker messages; it may import types, config, record, report
    // and the pure metrics calculator.
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, 'electron'].map((name) => ({ name, message: `${RENDERER_NODE}.` })),
          patterns: [
            { group: ['node:*', ...nodeBuiltins.map((n) => `${n}/*`), 'electron/*'], message: `${RENDERER_NODE}.` },
            { group: ['@tensorflow/*'], message: `${RENDERER_TF}.` },
            {
              group: [
                '**/core/*',
                '!**/core/config',
                '!**/core/config/*',
                '!**/core/claims',
                '!**/core/claims/*',
                '!**/core/record',
                '!**/core/record/*',
                '!**/core/report',
                '!**/core/report/*',
                // The pure calculator (no TensorFlow.js): the builder's live estimate.
                '!**/core/metrics',
              ],
              allowTypeImports: true,
              message:
                'renderer/ may import only types, core/config, core/claims, core/record (the run record), core/report and the pure core/metrics (docs/design.md §1 rule 3).',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        ...forbidDynamicImports([
          { regex: `${NODE_SPECIFIER}|^electron(\\x2F|$)`, message: RENDERER_NODE },
          { regex: '^@tensorflow\\x2F', message: RENDERER_TF },
        ]),
      ],
    },
  },
  {
    // The command line: Node and the whole core, never the UI.
    files: ['cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/renderer/**'], message: `${EDGE_RENDERER}.` }] }],
      'no-restricted-syntax': ['error', ...forbidDynamicImports([{ regex: RENDERER_REGEX, message: EDGE_RENDERER }])],
    },
  },
  {
    // The Electron main process and preload: files, windows and IPC; no UI code and no TensorFlow.js.
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/renderer/**'], message: `${EDGE_RENDERER}.` },
            { group: ['@tensorflow/*'], message: `${ELECTRON_TF}.` },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        ...forbidDynamicImports([
          { regex: RENDERER_REGEX, message: EDGE_RENDERER },
          { regex: '^@tensorflow\\x2F', message: ELECTRON_TF },
        ]),
      ],
    },
  },
);
