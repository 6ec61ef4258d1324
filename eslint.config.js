// Lint: typescript-eslint's recommended rules, two typed rules (promises), and the parts of docs/design.md §1 a module
// graph cannot see: Node and page globals in core/, import() of a computed name.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const CORE_RULE = 'core/ stays free of Node globals and the page (docs/design.md §1 rule 1)';

// Which module may import which (layers, cycles, Node built-ins, TensorFlow.js, UI packages, static and dynamic
// imports alike) is dependency-cruiser's (.dependency-cruiser.mjs). It reads only a literal specifier, so import()
// takes one in every face that has a boundary.
const LITERAL_IMPORT = {
  selector: 'ImportExpression[source.type!="Literal"]',
  message: 'import() takes a string literal here, so dependency-cruiser can check where it points (docs/design.md §1).',
};

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
    // Rule 1: the core is portable science: no Node globals, no DOM (the imports are dependency-cruiser's).
    files: ['core/**/*.ts'],
    ignores: ['core/worker/node-*.ts'],
    rules: {
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
      'no-restricted-syntax': ['error', LITERAL_IMPORT],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'electron/**/*.ts', 'cli/**/*.ts'],
    ignores: ['renderer/vite.config.ts'],
    rules: { 'no-restricted-syntax': ['error', LITERAL_IMPORT] },
  },
);
