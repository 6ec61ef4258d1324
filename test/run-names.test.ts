// Run names become folder names: one safe path segment (no "..", ".", slashes or hidden names), and a name too long
// for a folder is refused before anything trains, so `run` never writes outside --out or fails half-way.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_FOLDER_NAME_LENGTH, checkFolderName, runFolderName } from '../cli/run-folder';
import { palm, readRecord, tinyInput } from './cli-helpers';

describe('runFolderName', () => {
  it.each([
    ['..', '__'],
    ['.', '_'],
    ['.hidden', '_hidden'],
    ['a/../b', 'a_.._b'],
    ['back\\slash', 'back_slash'],
    ['/abs', '_abs'],
    ['', '_'],
    ['mha · lr=0.01', 'mha__lr=0.01'],
  ])('%j -> %j', (name, folder) => {
    expect(runFolderName(name)).toBe(folder);
  });

  it('refuses a name whose folder name passes the length limit, naming the run and the limit', () => {
    expect(() => checkFolderName('x'.repeat(300), 'run')).toThrow(
      new RegExp(`run "x{20}.*": its folder name would be 300 characters; the limit is ${MAX_FOLDER_NAME_LENGTH}`),
    );
    expect(() => checkFolderName('x'.repeat(MAX_FOLDER_NAME_LENGTH), 'run')).not.toThrow();
  });
});

describe('palm-workbench run with hostile variant names', () => {
  let tmp: string;
  let corpus: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'palm-names-'));
    corpus = join(tmp, 'corpus.txt');
    writeFileSync(corpus, 'It was the best of times, it was the worst of times. '.repeat(40));
  });

  it('keeps runs named ".." and "." inside --out', async () => {
    const spec = join(tmp, 'dots.json');
    writeFileSync(
      spec,
      JSON.stringify({
        name: 'dots',
        base: tinyInput(corpus),
        baseName: '.',
        variants: [{ name: '..', overrides: { 'model.attention': 'mha' } }],
      }),
    );
    const out = join(tmp, 'exp', 'out');
    const r = await palm(['run', spec, '--steps', '2', '--backend', 'cpu', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(tmp, 'exp'))).toEqual(['out']);
    expect(readRecord(join(out, '_'))).toMatchObject({ name: '.', status: 'done' });
    expect(readRecord(join(out, '__'))).toMatchObject({ name: '..', status: 'done' });
    expect(existsSync(join(out, 'run.json'))).toBe(false);
  });

  it('refuses a 300-character run name before any run trains', async () => {
    const spec = join(tmp, 'long.json');
    writeFileSync(
      spec,
      JSON.stringify({
        name: 'long',
        base: tinyInput(corpus),
        variants: [{ name: 'v'.repeat(300), overrides: { 'model.attention': 'mha' } }],
      }),
    );
    const out = join(tmp, 'long-out');
    const r = await palm(['run', spec, '--steps', '2', '--backend', 'cpu', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/run "v+.*": its folder name would be 300 characters; the limit is/);
    expect(existsSync(join(out, 'base'))).toBe(false);
  });
});
