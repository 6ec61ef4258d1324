// No stray state (docs/design.md §2 "Run record"): a run whose corpus file cannot be read ends "failed" with the
// reason, never stuck "queued"; `train --resume` on a path that is not a run folder creates nothing; data.path without
// corpus "file" is a config error naming data.path, not a silent run on the built-in corpus.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../core/config';
import { palm, readRecord, tinyInput } from './cli-helpers';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'palm-stray-'));
});

describe('a run whose corpus file cannot be read', () => {
  it.concurrent.each([
    ['missing', (p: string) => p, /cannot read corpus file ".*": no such file/],
    ['a folder', (p: string) => (mkdirSync(p), p), /is a directory/],
    ['a FIFO', (p: string) => (execFileSync('mkfifo', [p]), p), /a FIFO \(named pipe\), not a regular file/],
    ['/dev/zero', (p: string) => (symlinkSync('/dev/zero', p), p), /a device, not a regular file/],
  ])('is recorded "failed" with the reason when data.path is %s', async (what, make, reason) => {
    const name = what.replace(/\W+/g, '-');
    const path = make(join(tmp, `corpus-${name}`));
    writeFileSync(join(tmp, `${name}.json`), JSON.stringify(tinyInput(path)));
    const out = join(tmp, `run-${name}`);
    const r = await palm(['train', '--config', join(tmp, `${name}.json`), '--backend', 'cpu', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(reason);
    const record = readRecord(out);
    expect(record.status).toBe('failed');
    expect(record.summary?.reason).toMatch(reason);
  });
});

describe('train --resume on what is not a run folder', () => {
  it.concurrent.each([
    ['a missing path', (at: string) => join(at, 'missing', 'run'), /cannot resume ".*missing\/run": no such folder/],
    ['a file', (at: string) => (writeFileSync(join(at, 'a-file'), ''), join(at, 'a-file')), /": not a folder/],
    [
      'an empty folder',
      (at: string) => (mkdirSync(join(at, 'empty')), join(at, 'empty')),
      /holds no run \(no run.json\)/,
    ],
  ])('refuses %s and creates nothing', async (_what, make, message) => {
    const at = mkdtempSync(join(tmp, 'resume-')); // a folder of its own: the cases run at the same time
    const target = make(at);
    const before = snapshotTree(at);
    const r = await palm(['train', '--resume', target, '--steps', '10', '--backend', 'cpu']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(snapshotTree(at)).toEqual(before);
  });
});

/** Every path under `dir`, to show nothing was created (a lock file, a folder). */
const snapshotTree = (dir: string) => readdirSync(dir, { recursive: true }).map(String).sort();

describe('data.path without corpus "file"', () => {
  it('is a config error naming data.path and the corpus', () => {
    const config = { data: { corpus: 'moby-dick', path: 'notes.txt' } };
    expect(() => parseConfig(config, 'c.json')).toThrow(ConfigError);
    expect(() => parseConfig(config, 'c.json')).toThrow(
      /c\.json: invalid config:\n {2}- data\.path: is read only with data\.corpus "file" \(got corpus "moby-dick"\)/,
    );
    expect(parseConfig({ data: { corpus: 'file', path: 'notes.txt' } }).data.path).toBe('notes.txt');
  });
});
