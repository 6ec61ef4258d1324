// Signals end a training the same way whatever they are and whenever they come: SIGTERM like SIGINT (a checkpoint
// at the stop, status "stopped", exit 128 + signal), a double Ctrl-C quits at once but still leaves run.json
// "stopped", and a Ctrl-C before the first step (the worker still starting) is not swallowed; `run --jobs 2` stops
// every run that trains.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCheckpoint } from '../core/checkpoint';
import type { MetricPoint } from '../core/record';
import { freshPeaksFile, readMetrics, readRecord, tinyInput } from './cli-helpers';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'palm-signals-'));
  const corpus = join(tmp, 'corpus.txt');
  writeFileSync(corpus, 'Call me Ishmael. Some years ago, never mind how long precisely, I went to sea.\n'.repeat(40));
  writeFileSync(join(tmp, 'tiny.json'), JSON.stringify(tinyInput(corpus)));
  // Four runs (plan order base-seed0, mha-seed0, base-seed1, mha-seed1): with --jobs 2 the first two train at once.
  const experiment = { name: 'pair', base: tinyInput(corpus), variants: [{ name: 'mha', overrides: {} }], repeats: 2 };
  writeFileSync(join(tmp, 'pair.json'), JSON.stringify(experiment));
  // No nominal peak: the worker calibrates before the first step, a window in which the run is not yet training.
  const { peakTflops: _nominal, ...train } = tinyInput(corpus).train;
  writeFileSync(join(tmp, 'calibrating.json'), JSON.stringify({ ...tinyInput(corpus), train }));
  // Steps of about half a second on the cpu backend: a second signal lands while the first still waits for its step.
  const slow = { ...tinyInput(corpus), model: { dModel: 64, nLayers: 2, nHeads: 4, headDim: 16, seqLen: 64 } };
  writeFileSync(
    join(tmp, 'slow.json'),
    JSON.stringify({ ...slow, train: { ...slow.train, batchSize: 8, logEvery: 1 } }),
  );
});

type Act = (signal: (s: NodeJS.Signals) => void, stderr: string) => void;

/** Train into `out`, calling `act(child, stderr)` on every stderr chunk; resolves with the exit code and stderr. */
const train = (config: string, out: string, act: Act) => palm(['train', '--config', config], out, act);

/** `palm-workbench ARGS --steps 100000 --backend cpu --out OUT`, calling `act` every 20 ms until it exits. */
function palm(args: string[], out: string, act: Act): Promise<{ code: number | null; stderr: string; ms: number }> {
  const started = Date.now();
  const child = spawn(
    'node',
    ['bin/palm-workbench.mjs', ...args, '--steps', '100000', '--backend', 'cpu', '--out', out],
    { env: { ...process.env, PALM_WORKBENCH_PEAKS: freshPeaksFile() } },
  );
  let stderr = '';
  const watch = setInterval(() => act((s) => child.kill(s), stderr), 20);
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearInterval(watch);
      resolve({ code, stderr, ms: Date.now() - started });
    }),
  );
}

const checkpointStep = (dir: string) =>
  Number(
    decodeCheckpoint(new Uint8Array(readFileSync(join(dir, 'checkpoint.safetensors'))), {
      allowPrefixes: ['optimizer/'],
    }).metadata.step,
  );

describe('palm-workbench train and signals', () => {
  it('stops cleanly on SIGTERM: status "stopped", a checkpoint at the stop, exit 143', async () => {
    const out = join(tmp, 'term');
    let sent = false;
    const r = await train(join(tmp, 'tiny.json'), out, (signal, stderr) => {
      if (sent || !/tiny step 4\//.test(stderr)) return;
      sent = true;
      signal('SIGTERM');
    });
    expect(r.stderr).toMatch(/stopping after this step/);
    expect(r.code).toBe(143);
    const record = readRecord(out);
    expect(record.status).toBe('stopped');
    const last = readMetrics(out).at(-1) as MetricPoint;
    expect(record.summary?.steps).toBe(last.step);
    expect(checkpointStep(out)).toBe(last.step);
    expect(readdirSync(out).filter((f) => f.endsWith('.lock') || f.endsWith('.tmp'))).toEqual([]);
  });

  it('quits at once on a double Ctrl-C, leaving run.json "stopped", not "running"', async () => {
    const out = join(tmp, 'double');
    let sent = 0;
    const r = await train(join(tmp, 'slow.json'), out, (signal, stderr) => {
      // Two signals sent at once may reach the process as one: the second follows a few polls (~100 ms) later.
      if (sent === 0 && /slow step 1\//.test(stderr)) {
        sent = 1;
        signal('SIGINT');
      } else if (sent > 0 && sent++ === 5) signal('SIGINT');
    });
    expect(r.stderr).toMatch(/quitting at once/);
    expect(r.code).toBe(130);
    expect(readRecord(out).status).toBe('stopped');
    expect(readdirSync(out).filter((f) => f.endsWith('.lock'))).toEqual([]);
  }, 120_000);

  it.each([
    ['as the worker starts', '.palm-workbench.lock'],
    ['with the run queued, the worker calibrating', 'run.json'],
  ])('is handled when it comes before the first step: %s', async (_when, marker) => {
    const out = join(tmp, `early-${marker}`);
    let sent = false;
    const r = await train(join(tmp, 'calibrating.json'), out, (signal) => {
      if (sent || !existsSync(join(out, marker))) return;
      sent = true;
      signal('SIGINT');
    });
    expect(r.code).toBe(130); // an exit code: handled, not a death by signal (null)
    expect(r.ms).toBeLessThan(30_000);
    if (existsSync(join(out, 'run.json'))) expect(readRecord(out).status).toBe('stopped');
    expect(existsSync(join(out, 'metrics.jsonl')) ? readMetrics(out) : []).toEqual([]);
    expect(readdirSync(out).filter((f) => f.endsWith('.lock'))).toEqual([]);
  });

  it('stops every run that trains under `run --jobs 2` on one SIGTERM, starts no other, and writes the report', async () => {
    const out = join(tmp, 'jobs');
    let sent = false;
    const r = await palm(['run', join(tmp, 'pair.json'), '--jobs', '2'], out, (signal, stderr) => {
      if (sent || !/base-seed0 step 4\//.test(stderr) || !/mha-seed0 step 4\//.test(stderr)) return;
      sent = true;
      signal('SIGTERM');
    });
    expect(r.stderr).toMatch(/2 runs at once/);
    expect(r.stderr).not.toMatch(/quitting at once/);
    expect(r.code).toBe(143);
    for (const name of ['base-seed0', 'mha-seed0']) {
      const dir = join(out, name);
      const record = readRecord(dir);
      expect(record.status).toBe('stopped');
      const last = readMetrics(dir).at(-1) as MetricPoint;
      expect(record.summary?.steps).toBe(last.step);
      expect(checkpointStep(dir)).toBe(last.step);
      expect(record.overlappedWith).toEqual([name === 'mha-seed0' ? 'base-seed0' : 'mha-seed0']);
      expect(readdirSync(dir).filter((f) => f.endsWith('.lock') || f.endsWith('.tmp'))).toEqual([]);
    }
    expect(existsSync(join(out, 'base-seed1'))).toBe(false);
    expect(existsSync(join(out, 'mha-seed1'))).toBe(false);
    expect(existsSync(join(out, 'report', 'report.md'))).toBe(true);
  }, 120_000);
});
