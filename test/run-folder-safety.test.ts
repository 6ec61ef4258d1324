// Run folders are protected: one writer per folder (a lock file naming its pid, a dead writer's lock taken over),
// writes through unique temporary names, fsync'ed before the rename, stale temporary files cleaned, and a new run
// never lands in a folder that holds one; default folder names are unique at the same millisecond.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CliError } from '../cli/errors';
import { LOCK_FILE, RunFolder, createUniqueRunDir, formatTimestamp } from '../cli/run-folder';
import { palm } from './cli-helpers';

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return { ...real, fsyncSync: vi.fn(real.fsyncSync), renameSync: vi.fn(real.renameSync) };
});

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'palm-folder-'));
});

/** A pid no process has: beyond the kernel's pid_max (at most 2^22 on Linux). */
const DEAD_PID = 2 ** 22 + 17;

describe('RunFolder lock', () => {
  it('refuses a second writer while the first holds the folder, naming its pid; close releases it', () => {
    const dir = join(tmp, 'run');
    const first = new RunFolder(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    expect(() => new RunFolder(dir, { resume: true })).toThrow(CliError);
    expect(() => new RunFolder(dir, { resume: true })).toThrow(new RegExp(`in use by process ${process.pid}`));
    first.writeRecord({ id: 'x' } as never);
    first.close();
    expect(readdirSync(dir)).not.toContain(LOCK_FILE);
    new RunFolder(dir, { resume: true }).close();
  });

  it("takes over a dead writer's lock and removes its stale temporary files", () => {
    const dir = join(tmp, 'crashed');
    mkdirSync(dir);
    writeFileSync(join(dir, 'run.json'), '{}');
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: DEAD_PID }));
    writeFileSync(join(dir, `run.json.${DEAD_PID}.a1b2c3d4.tmp`), '{"half": ');
    writeFileSync(join(dir, 'checkpoint.safetensors.tmp'), 'half');
    const folder = new RunFolder(dir, { resume: true });
    expect(readdirSync(dir).sort()).toEqual([LOCK_FILE, 'run.json']);
    folder.close();
  });
});

describe('RunFolder writes', () => {
  it('writes through a unique temporary name, fsync before rename, and leaves no temporary file', () => {
    const folder = new RunFolder(join(tmp, 'w'));
    vi.mocked(fs.fsyncSync).mockClear();
    vi.mocked(fs.renameSync).mockClear();
    folder.writeCheckpoint(new Uint8Array([1, 2, 3]));
    folder.writeCheckpoint(new Uint8Array([4, 5]));
    const renames = vi.mocked(fs.renameSync).mock.calls.map(([from]) => String(from));
    expect(renames).toHaveLength(2);
    expect(new Set(renames).size).toBe(2);
    for (const from of renames)
      expect(from).toMatch(new RegExp(`checkpoint\\.safetensors\\.${process.pid}\\.\\w+\\.tmp$`));
    // Each rename follows an fsync of the file's data.
    const fsyncOrder = vi.mocked(fs.fsyncSync).mock.invocationCallOrder;
    const [firstRename, secondRename] = vi.mocked(fs.renameSync).mock.invocationCallOrder as [number, number];
    expect(fsyncOrder.filter((o) => o < firstRename).length).toBeGreaterThanOrEqual(1);
    expect(fsyncOrder.filter((o) => o > firstRename && o < secondRename).length).toBeGreaterThanOrEqual(1);
    expect([...readFileSync(join(tmp, 'w', 'checkpoint.safetensors'))]).toEqual([4, 5]);
    expect(readdirSync(join(tmp, 'w')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    folder.close();
  });

  it('a new run refuses a folder that already holds files', () => {
    const dir = join(tmp, 'taken');
    mkdirSync(dir);
    writeFileSync(join(dir, 'run.json'), '{}');
    expect(() => new RunFolder(dir)).toThrow(/already holds a run.*--resume/);
    writeFileSync(join(tmp, 'notes.txt'), 'x');
    expect(() => new RunFolder(tmp)).toThrow(/is not empty/);
  });
});

describe('default run folder names', () => {
  it('have millisecond resolution and stay unique within the same millisecond', () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    expect(formatTimestamp(at)).toBe('20260102-030405.678');
    const a = createUniqueRunDir(tmp, `${formatTimestamp(at)}-tiny`);
    const b = createUniqueRunDir(tmp, `${formatTimestamp(at)}-tiny`);
    expect(a).not.toBe(b);
    expect(b).toBe(join(tmp, '20260102-030405.678-tiny-2'));
  });
});

describe('palm-workbench train --out', () => {
  it('refuses a folder that holds a run unless --resume, and leaves it as it was', async () => {
    const dir = join(tmp, 'existing');
    mkdirSync(dir);
    writeFileSync(join(dir, 'run.json'), '{"id": "keep me"}');
    writeFileSync(join(tmp, 'c.json'), '{}');
    const r = await palm(['train', '--config', join(tmp, 'c.json'), '--backend', 'cpu', '--out', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/already holds a run; continue it with --resume .*existing or choose another --out/);
    expect(readFileSync(join(dir, 'run.json'), 'utf8')).toBe('{"id": "keep me"}');
    expect(readdirSync(dir)).toEqual(['run.json']);
  });
});
