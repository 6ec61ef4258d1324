// The training commands end to end through the real binary: train (and --resume), run (an experiment) and report,
// plus the errors a user meets first. Tiny models on the cpu backend; a nominal peak skips the calibration.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCheckpoint } from '../core/checkpoint';
import type { MetricPoint, RunRecord } from '../core/record';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function palm(args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      'node',
      ['bin/palm-workbench.mjs', ...args],
      { env: { ...process.env, PALM_WORKBENCH_DEBUG: '' } },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const readMetrics = (dir: string): MetricPoint[] =>
  readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as MetricPoint);
const readRecord = (dir: string): RunRecord => JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunRecord;

let tmp: string;
let configPath: string;
const tinyInput = (corpus: string) => ({
  model: { dModel: 16, nLayers: 1, nHeads: 2, headDim: 8, seqLen: 8 },
  train: { batchSize: 4, steps: 6, logEvery: 2, evalEvery: 4, evalBatches: 1, checkpointEvery: 100, peakTflops: 0.001 },
  data: { corpus: 'file', path: corpus },
});

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'palm-cli-'));
  const corpus = join(tmp, 'corpus.txt');
  writeFileSync(corpus, 'Call me Ishmael. Some years ago, never mind how long precisely, I went to sea.\n'.repeat(40));
  configPath = join(tmp, 'tiny.json');
  writeFileSync(configPath, JSON.stringify(tinyInput(corpus)));
});

describe('palm-workbench train', () => {
  it('writes a run folder, and --resume continues it from its checkpoint', async () => {
    const out = join(tmp, 'run');
    const first = await palm(['train', '--config', configPath, '--steps', '6', '--backend', 'cpu', '--out', out]);
    expect(first.stderr).toMatch(/tiny: done at step 6/);
    expect(first.code).toBe(0);
    const record = readRecord(out);
    expect(record).toMatchObject({ name: 'tiny', status: 'done', backend: 'cpu', seed: 0 });
    expect(record.summary?.steps).toBe(6);
    expect(record.summary?.peak).toEqual({ flopsPerSec: 1e9, source: 'nominal' });
    expect(readMetrics(out).map((p) => p.step)).toEqual([2, 4, 6]);
    const ckpt = decodeCheckpoint(readFileSync(join(out, 'checkpoint.safetensors')), { allowPrefixes: ['optimizer/'] });
    expect(ckpt.metadata.step).toBe('6');
    expect(Object.keys(ckpt.extraTensors).length).toBeGreaterThan(0);

    const resumed = await palm(['train', '--resume', out, '--steps', '10', '--backend', 'cpu']);
    expect(resumed.code).toBe(0);
    expect(readMetrics(out).map((p) => p.step)).toEqual([2, 4, 6, 8, 10]);
    expect(readRecord(out)).toMatchObject({ id: record.id, status: 'done', createdAt: record.createdAt });
    expect(
      decodeCheckpoint(readFileSync(join(out, 'checkpoint.safetensors')), { allowPrefixes: ['optimizer/'] }).metadata
        .step,
    ).toBe('10');

    const again = await palm(['train', '--resume', out, '--steps', '10', '--backend', 'cpu']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/checkpoint is at step 10 and train.steps is 10/);
  });

  it.concurrent.each([
    [
      'a missing config file',
      () => ['train', '--config', join(tmp, 'nope.json')],
      /cannot read config ".*nope.json": no such file/,
    ],
    [
      'a config that is not JSON',
      () => [(writeFileSync(join(tmp, 'bad.json'), '{ "model": '), 'train'), '--config', join(tmp, 'bad.json')],
      /bad.json" is not valid JSON/,
    ],
    [
      'a corpus file that is not UTF-8',
      () => {
        const bin = join(tmp, 'latin1.txt');
        writeFileSync(bin, Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.alloc(400, 0x61)]));
        writeFileSync(join(tmp, 'latin1.json'), JSON.stringify(tinyInput(bin)));
        return ['train', '--config', join(tmp, 'latin1.json'), '--backend', 'cpu', '--out', join(tmp, 'latin1-run')];
      },
      /latin1.txt: not UTF-8 text: invalid byte sequence at byte offset 3/,
    ],
  ])('refuses %s with a message and a non-zero exit', async (_what, args, message) => {
    const r = await palm(args());
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });
});

describe('palm-workbench train and Ctrl-C', () => {
  it('stops cleanly on SIGINT: status "stopped", the points kept, a checkpoint at the stop, exit 130', async () => {
    const out = join(tmp, 'interrupted');
    const child = spawn('node', [
      'bin/palm-workbench.mjs',
      'train',
      '--config',
      configPath,
      '--steps',
      '100000',
      '--backend',
      'cpu',
      '--out',
      out,
    ]);
    let stderr = '';
    let sent = false;
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // stderr is a pipe, not a TTY: one plain line per logged point.
        if (!sent && /tiny step 4\//.test(stderr)) sent = child.kill('SIGINT'); // once: a second Ctrl-C quits at once
      });
      child.on('close', resolve);
    });
    expect(stderr).toMatch(/stopping after this step/);
    expect(code).toBe(130);
    const record = readRecord(out);
    expect(record.status).toBe('stopped');
    const last = readMetrics(out).at(-1) as MetricPoint;
    expect(last.step).toBeGreaterThanOrEqual(4);
    expect(record.summary?.steps).toBe(last.step);
    const ckpt = decodeCheckpoint(readFileSync(join(out, 'checkpoint.safetensors')), { allowPrefixes: ['optimizer/'] });
    expect(Number(ckpt.metadata.step)).toBe(last.step);
  });
});

describe('palm-workbench run and report', () => {
  it('trains every run of an experiment into its folder and writes the report', async () => {
    const spec = {
      name: 'tiny-ablation',
      claim: 'a claim to print',
      base: tinyInput(join(tmp, 'corpus.txt')),
      variants: [{ name: 'mha', overrides: { 'model.attention': 'mha' } }],
    };
    const specPath = join(tmp, 'experiment.json');
    writeFileSync(specPath, JSON.stringify(spec));
    const out = join(tmp, 'exp');
    const r = await palm(['run', specPath, '--steps', '4', '--backend', 'cpu', '--out', out]);
    expect(r.code).toBe(0);
    for (const name of ['base', 'mha']) {
      expect(readRecord(join(out, name))).toMatchObject({ name, status: 'done' });
      expect(readMetrics(join(out, name)).at(-1)?.step).toBe(4);
    }
    expect(readRecord(join(out, 'mha')).label).toBe('attention: mqa→mha');
    for (const file of ['report.html', 'report.md', 'metrics.csv', 'report.json'])
      expect(existsSync(join(out, 'report', file)), file).toBe(true);
    expect(readFileSync(join(out, 'report', 'report.md'), 'utf8')).toMatch(/tiny-ablation/);

    const reportOut = join(tmp, 'report');
    const rep = await palm(['report', out, '--out', reportOut]);
    expect(rep.code).toBe(0);
    expect(rep.stderr).toMatch(/report of 2 runs/);
    const json = JSON.parse(readFileSync(join(reportOut, 'report.json'), 'utf8')) as { runs: unknown[] };
    expect(json.runs).toHaveLength(2);
    expect(readFileSync(join(reportOut, 'metrics.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + 2 * 2);

    const missing = await palm(['report', join(tmp, 'nowhere')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read folder ".*nowhere"/);
  });
});
