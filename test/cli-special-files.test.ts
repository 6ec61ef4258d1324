// Special files where the CLI expects a regular one (docs/design.md §2 "Files the CLI touches"): a FIFO, a device, a
// folder, a socket or a symbolic-link loop is refused by name, at once (never waited on, never read), both by the
// reading and checking helpers (cli/safe-open.ts) and by the commands that hung or misread: `report`,
// `train --resume`, `init --out`, `tokenizer train --out`, a config file and data.path.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../cli/errors';
import { readBytes } from '../cli/files';
import { checkOutputPath, readRegularFileSync } from '../cli/safe-open';
import { palm, snapshotFolder, tinyInput } from './cli-helpers';

let tmp: string;
let done: string;
let server: Server;
const mkfifo = (path: string) => execFileSync('mkfifo', [path]);

/** Each special kind of entry, made at `path`, and the words a refusal uses for it. */
const KINDS: [string, (path: string) => void, RegExp][] = [
  ['a FIFO', mkfifo, /a FIFO \(named pipe\), not a regular file/],
  ['a device (/dev/zero)', (p) => symlinkSync('/dev/zero', p), /a device, not a regular file/],
  ['a folder', (p) => mkdirSync(p), /is a directory/],
  ['a symbolic-link loop', (p) => symlinkSync(p, p), /a symbolic link loop/],
  ['a socket', (p) => server.listen(p), /(a socket, not a regular file|not a regular file \(a socket)/],
];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'palm-special-'));
  server = createServer();
  const corpus = join(tmp, 'corpus.txt');
  writeFileSync(corpus, 'Call me Ishmael. Some years ago, never mind how long precisely, I went to sea.\n'.repeat(40));
  writeFileSync(join(tmp, 'tiny.json'), JSON.stringify(tinyInput(corpus)));
  done = join(tmp, 'done');
  const r = await palm(['train', '--config', join(tmp, 'tiny.json'), '--backend', 'cpu', '--out', done]);
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

afterAll(() => server.close());

describe('reading and checking helpers', () => {
  it.each(KINDS)('refuse %s by name, at once, for reading and as an output', async (_kind, make, words) => {
    const path = join(tmp, `helper-${_kind.replace(/\W+/g, '-')}`);
    make(path);
    if (_kind === 'a socket') await new Promise((r) => server.once('listening', r));
    const started = Date.now();
    await expect(readBytes(path, 'config')).rejects.toThrow(CliError);
    await expect(readBytes(path, 'config')).rejects.toThrow(new RegExp(`cannot read config "${path}": .*`));
    await expect(readBytes(path, 'config')).rejects.toThrow(words);
    expect(() => readRegularFileSync(path, 'lock file', 100)).toThrow(words);
    // As an output a link is refused as a link (it is never followed), whatever it points to.
    expect(() => checkOutputPath(path, 'checkpoint')).toThrow(new RegExp(`cannot write checkpoint "${path}": it is a`));
    expect(Date.now() - started).toBeLessThan(2000);
    if (_kind === 'a socket') server.close();
  });

  it('refuse a file over its size limit, naming the size and the limit', async () => {
    const path = join(tmp, 'big.json');
    writeFileSync(path, 'x'.repeat(101));
    await expect(readBytes(path, 'config', 100)).rejects.toThrow(/101 bytes, more than the limit of 100/);
  });
});

/** A copy of the finished run with its `file` replaced by a special entry made by `make`. */
function runWith(name: string, file: string, make: (path: string) => void): string {
  const dir = join(tmp, name);
  cpSync(done, dir, { recursive: true });
  rmSync(join(dir, file));
  make(join(dir, file));
  return dir;
}

describe('commands that hung or misread refuse special files by name and exit at once', () => {
  it.concurrent.each([
    [
      'report: metrics.jsonl a FIFO',
      () => ['report', runWith('report-fifo', 'metrics.jsonl', mkfifo)],
      /cannot read metrics log ".*report-fifo\/metrics.jsonl": a FIFO/,
    ],
    [
      'report: metrics.jsonl /dev/zero',
      () => ['report', runWith('report-zero', 'metrics.jsonl', (p) => symlinkSync('/dev/zero', p))],
      /cannot read metrics log ".*report-zero\/metrics.jsonl": a device/,
    ],
    [
      'report: metrics.jsonl a symbolic-link loop',
      () => ['report', runWith('report-loop', 'metrics.jsonl', (p) => symlinkSync(p, p))],
      /cannot read metrics log ".*report-loop\/metrics.jsonl": a symbolic link loop/,
    ],
    [
      'report: run.json a folder',
      () => ['report', runWith('report-dir', 'run.json', (p) => mkdirSync(p))],
      /cannot read run record ".*report-dir\/run.json": is a directory/,
    ],
    [
      'train --resume: metrics.jsonl a FIFO',
      () => ['train', '--resume', runWith('resume-fifo', 'metrics.jsonl', mkfifo), '--steps', '10', '--backend', 'cpu'],
      /cannot read metrics log ".*resume-fifo\/metrics.jsonl": a FIFO/,
    ],
    [
      'train --resume: the checkpoint a FIFO',
      () => [
        'train',
        ...['--resume', runWith('resume-ckpt', 'checkpoint.safetensors', mkfifo), '--steps', '10', '--backend', 'cpu'],
      ],
      /cannot read checkpoint ".*resume-ckpt\/checkpoint.safetensors": a FIFO/,
    ],
    [
      'train: the config a FIFO',
      () => {
        mkfifo(join(tmp, 'config.fifo'));
        return ['train', '--config', join(tmp, 'config.fifo'), '--backend', 'cpu', '--out', join(tmp, 'cfg-out')];
      },
      /cannot read config ".*config.fifo": a FIFO/,
    ],
    [
      'init --out a FIFO',
      () => {
        mkfifo(join(tmp, 'init.fifo'));
        return ['init', '--config', join(tmp, 'tiny.json'), '--out', join(tmp, 'init.fifo'), '--force'];
      },
      /cannot write checkpoint ".*init.fifo": it is a FIFO \(named pipe\), not a regular file/,
    ],
    [
      'tokenizer train --out a FIFO',
      () => {
        mkfifo(join(tmp, 'tok.fifo'));
        return [
          'tokenizer',
          'train',
          '--text',
          join(tmp, 'corpus.txt'),
          '--vocab',
          '300',
          '--out',
          join(tmp, 'tok.fifo'),
        ];
      },
      /cannot write tokenizer ".*tok.fifo": it is a FIFO \(named pipe\), not a regular file/,
    ],
  ])('%s', async (_what, args, message) => {
    const argv = args();
    const before = argv.includes('--resume') ? snapshotFolder(argv[argv.indexOf('--resume') + 1]!) : undefined;
    const started = Date.now();
    const r = await palm(argv);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(30_000); // refused, not waited on (a FIFO read blocks forever)
    if (before) expect(snapshotFolder(argv[argv.indexOf('--resume') + 1]!)).toEqual(before);
  });
});
