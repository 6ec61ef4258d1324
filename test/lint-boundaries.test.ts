// The import boundaries of DESIGN.md §1 are kept by a lint rule; this proves the rule bites.
import { ESLint } from 'eslint';
import { describe, expect, test } from 'vitest';

const eslint = new ESLint();

async function boundaryErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  test.each([
    ["import { readFileSync } from 'fs';", 'core/model/x.ts', /Node built-ins/],
    ["import { readFileSync } from 'node:fs';", 'core/data/x.ts', /Node built-ins/],
    ["import React from 'react';", 'core/train/x.ts', /UI and Electron/],
    ["import { run } from '../../cli/main';", 'core/train/x.ts', /renderer\/, electron\/ or cli\//],
    ["import * as tf from '@tensorflow/tfjs-core';", 'core/tokenizer/x.ts', /no TensorFlow\.js/],
    ["import * as tf from '@tensorflow/tfjs-core';", 'renderer/src/x.ts', /never imports TensorFlow\.js/],
    ["import { forward } from '../../core/model';", 'renderer/src/x.ts', /only types, core\/config and core\/report/],
  ])('%s in %s is refused', async (code, file, pattern) => {
    const errors = await boundaryErrors(`${code}\nexport {};\n`, file);
    expect(errors.length).toBe(1);
    expect(errors[0]).toMatch(pattern);
  });

  test.each([
    ["import * as tf from '@tensorflow/tfjs-core';", 'core/model/x.ts'],
    ["import { parseConfig } from '../../core/config';", 'renderer/src/x.ts'],
    ["import type { Params } from '../../core/model';", 'renderer/src/x.ts'],
    ["import { readFileSync } from 'node:fs';", 'cli/x.ts'],
  ])('%s in %s is allowed', async (code, file) => {
    expect(await boundaryErrors(`${code}\nexport {};\n`, file)).toEqual([]);
  });
});
