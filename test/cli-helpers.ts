// Shared by the CLI tests: run the real binary, read a run folder's files, snapshot a folder to compare it later.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MetricPoint, RunRecord } from '../core/record';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A kept peaks file of its own (cli/peak-file.ts), so no test reads a peak another kept, nor the user's cache. */
export const freshPeaksFile = (): string => join(mkdtempSync(join(tmpdir(), 'palm-peaks-')), 'peaks.json');

export function palm(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      'node',
      ['bin/palm-workbench.mjs', ...args],
      { env: { ...process.env, PALM_WORKBENCH_DEBUG: '', PALM_WORKBENCH_PEAKS: freshPeaksFile(), ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

export const readRecord = (dir: string): RunRecord =>
  JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunRecord;

export const readMetrics = (dir: string): MetricPoint[] =>
  readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as MetricPoint);

/** Every file of a folder (not recursive) with its bytes as base64, to assert a folder was left untouched. */
export function snapshotFolder(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => statSync(join(dir, f)).isFile())
      .sort()
      .map((f) => [f, readFileSync(join(dir, f)).toString('base64')]),
  );
}

/** A model that trains in a second on the cpu backend; a nominal peak skips the calibration. */
export const tinyInput = (corpus: string, optimizer: Record<string, unknown> = {}) => ({
  model: { dModel: 16, nLayers: 1, nHeads: 2, headDim: 8, seqLen: 8 },
  optimizer,
  train: { batchSize: 4, steps: 6, logEvery: 2, evalEvery: 4, evalBatches: 1, checkpointEvery: 100, peakTflops: 0.001 },
  data: { corpus: 'file', path: corpus },
});
