// Crash-safe outputs (docs/design.md §2 "Atomic outputs"): a report is one set in a folder swapped as a whole, and
// kill -9 during `report` or `tokenizer train` (scripts/kill-loop.mjs, a few kills here; the closing measurement used
// 20 each) leaves only a complete old or a complete new output, never a torn file or a mix of old and new files.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { replaceFolderAtomic } from '../cli/atomic-folder';
import { palm, tinyInput } from './cli-helpers';

const SET = { what: 'report folder', names: ['a.txt', 'b.txt'] };
/** A pid no process has: beyond the kernel's pid_max (at most 2^22 on Linux). */
const DEAD_PID = 2 ** 22 + 17;

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'palm-atomic-'));
});

const contents = (dir: string) =>
  Object.fromEntries(readdirSync(dir).map((n) => [n, readFileSync(join(dir, n), 'utf8')]));

describe('replaceFolderAtomic', () => {
  it('replaces a set as a whole and leaves no temporary folder beside it', () => {
    const dir = join(tmp, 'set');
    replaceFolderAtomic(
      dir,
      [
        ['a.txt', 'old a'],
        ['b.txt', 'old b'],
      ],
      SET,
    );
    replaceFolderAtomic(
      dir,
      [
        ['a.txt', 'new a'],
        ['b.txt', 'new b'],
      ],
      SET,
    );
    expect(contents(dir)).toEqual({ 'a.txt': 'new a', 'b.txt': 'new b' });
    expect(readdirSync(tmp).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('refuses a folder holding other files, a file and a link, changing nothing', () => {
    const mixed = join(tmp, 'mixed');
    mkdirSync(mixed);
    writeFileSync(join(mixed, 'run.json'), 'keep');
    expect(() => replaceFolderAtomic(mixed, [['a.txt', 'x']], SET)).toThrow(
      /cannot write the report folder ".*mixed": it holds other files \(run.json\)/,
    );
    expect(contents(mixed)).toEqual({ 'run.json': 'keep' });
    writeFileSync(join(tmp, 'plain'), 'keep');
    expect(() => replaceFolderAtomic(join(tmp, 'plain'), [['a.txt', 'x']], SET)).toThrow(
      /a regular file, not a folder/,
    );
    symlinkSync(mixed, join(tmp, 'link'));
    expect(() => replaceFolderAtomic(join(tmp, 'link'), [['a.txt', 'x']], SET)).toThrow(
      /a symbolic link, not a folder/,
    );
    expect(contents(mixed)).toEqual({ 'run.json': 'keep' });
  });

  it("puts back the old set a writer killed between its two renames left aside, and removes a dead writer's temporary folder", () => {
    const parent = join(tmp, 'crashed');
    mkdirSync(join(parent, `.set.${DEAD_PID}.0123abcd.old`), { recursive: true });
    writeFileSync(join(parent, `.set.${DEAD_PID}.0123abcd.old`, 'a.txt'), 'old a');
    mkdirSync(join(parent, `.set.${DEAD_PID}.4567cdef.tmp`));
    writeFileSync(join(parent, `.set.${DEAD_PID}.4567cdef.tmp`, 'a.txt'), 'half');
    // The old set is back before the new one is written: a failing write leaves the old set in place.
    expect(() =>
      replaceFolderAtomic(
        join(parent, 'set'),
        [
          ['c.txt', 'not allowed/'],
          ['x/y', ''],
        ],
        SET,
      ),
    ).toThrow();
    expect(contents(join(parent, 'set'))).toEqual({ 'a.txt': 'old a' });
    expect(readdirSync(parent)).toEqual(['set']);
  });
});

describe('tokenizer files', () => {
  it("name each other: a tokenizer.json beside another's config (a crash between the renames) loses the record", async () => {
    const text = join(tmp, 'tok-text.txt');
    writeFileSync(text, readFileSync('docs/design.md', 'utf8'));
    const out = join(tmp, 'tok', 'tokenizer.json');
    mkdirSync(join(tmp, 'tok'));
    const trained = await palm(['tokenizer', 'train', '--text', text, '--vocab', '300', '--out', out]);
    expect(trained.code, trained.stderr).toBe(0);
    const stats = async () => {
      const r = await palm(['tokenizer', 'stats', '--tokenizer', out, '--text', text, '--json']);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { trainMs: number | null };
    };
    expect((await stats()).trainMs).not.toBeNull();
    // The same vocabulary in other bytes, as a later training's tokenizer.json would be.
    writeFileSync(out, JSON.stringify(JSON.parse(readFileSync(out, 'utf8')), null, 1));
    expect((await stats()).trainMs).toBeNull();
  }, 120_000);
});

/** `node scripts/kill-loop.mjs ARGS`: its JSON summary. */
function killLoop(args: string[]): Promise<Record<string, unknown> & { bad: string[]; kills: number }> {
  return new Promise((resolve, reject) =>
    execFile('node', ['scripts/kill-loop.mjs', ...args], { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (stdout.trim() === '') return reject(new Error(`kill-loop printed nothing: ${stderr} ${error?.message}`));
      resolve(JSON.parse(stdout) as never);
    }),
  );
}

describe('kill -9 during a write leaves a complete old or a complete new output', () => {
  const KILLS = 3;

  it('report: the report folder names one generation in all four files', async () => {
    const corpus = join(tmp, 'corpus.txt');
    writeFileSync(
      corpus,
      'Call me Ishmael. Some years ago, never mind how long precisely, I went to sea.\n'.repeat(40),
    );
    writeFileSync(join(tmp, 'tiny.json'), JSON.stringify(tinyInput(corpus)));
    const run = join(tmp, 'run');
    const r = await palm(['train', '--config', join(tmp, 'tiny.json'), '--backend', 'cpu', '--out', run]);
    expect(r.code, r.stderr).toBe(0);
    const summary = await killLoop([
      'report',
      '--run',
      run,
      '--work',
      join(tmp, 'kill-report'),
      '--kills',
      `${KILLS}`,
      '--points',
      '5000',
    ]);
    expect(summary.bad).toEqual([]);
    expect(summary.kills).toBe(KILLS);
    expect(Number(summary.old) + Number(summary.new) + Number(summary.absent)).toBe(KILLS);
    expect(existsSync(join(tmp, 'kill-report', 'out', 'report.json'))).toBe(true);
  }, 240_000);

  it('tokenizer train: tokenizer.json parses whole and is the old or the new vocabulary', async () => {
    const summary = await killLoop(['tokenizer', '--work', join(tmp, 'kill-tokenizer'), '--kills', `${KILLS}`]);
    expect(summary.bad).toEqual([]);
    expect(summary.kills).toBe(KILLS);
    expect(Number(summary.old) + Number(summary.new) + Number(summary.absent)).toBe(KILLS);
  }, 240_000);
});
