// An experiment's run count is checked before its runs are planned or validated: a tiny spec that sweeps to a
// million runs is refused at once, with the count and the limit (it used to validate for minutes, then run out
// of heap, in the CLI and in Electron's main process alike).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRunCount, countExperimentRuns, expandExperiment, MAX_EXPERIMENT_RUNS } from '../core/config';
import { parseExperiment } from '../core/claims';
import { openExperiment } from '../electron/ipc/experiment-files';
import { POLICY, TRUSTED } from './electron-helpers';

const tenValues = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

describe('experiment run-count limit', () => {
  it('counts (base + variants) × the product of the sweep axes', () => {
    const sweep = { 'train.seed': [0, 1, 2], 'optimizer.learningRate': [0.1, 0.01] };
    expect(countExperimentRuns(2, [3, 2])).toBe(3 * 6);
    const exp = parseExperiment(
      {
        name: 'x',
        variants: [
          { name: 'a', overrides: { 'model.attention': 'mha' } },
          { name: 'b', overrides: { 'model.block': 'serial' } },
        ],
        sweep,
      },
      'x.json',
    );
    expect(expandExperiment(exp)).toHaveLength(countExperimentRuns(2, [3, 2]));
  });

  it('refuses a 10^6-run sweep at once, saying the count and the limit', () => {
    const sweep = Object.fromEntries(
      ['seed', 'batchSize', 'steps', 'logEvery', 'evalEvery', 'evalBatches'].map((k) => [`train.${k}`, tenValues]),
    );
    const spec = { name: 'huge', sweep };
    expect(JSON.stringify(spec).length).toBeLessThan(500);
    const started = performance.now();
    expect(() => parseExperiment(spec, 'huge.json')).toThrow(
      new RegExp(
        `huge.json: sweep: gives 1,000,000 runs \\(1 row × 10 × 10 × 10 × 10 × 10 × 10\\), more than the limit of ${MAX_EXPERIMENT_RUNS.toLocaleString('en-US')}`,
      ),
    );
    expect(performance.now() - started).toBeLessThan(200);
  });

  it("refuses it in Electron's main process too (openExperiment), without blocking it", async () => {
    const sweep = Object.fromEntries(
      ['seed', 'batchSize', 'steps', 'logEvery', 'evalEvery', 'evalBatches'].map((k) => [`train.${k}`, tenValues]),
    );
    const file = join(mkdtempSync(join(tmpdir(), 'palm-huge-')), 'huge.json');
    writeFileSync(file, JSON.stringify({ name: 'huge', sweep }));
    const started = performance.now();
    await expect(openExperiment(TRUSTED, { policy: POLICY, chooseFile: async () => file })).rejects.toThrow(
      /not a valid experiment spec:\n.*huge\.json: sweep: gives 1,000,000 runs .*more than the limit of 1,000/,
    );
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("counts repeats too, the spec's or an override", () => {
    const exp = parseExperiment({ name: 'r', sweep: { 'train.seed': tenValues } }, 'r.json');
    expect(() => checkRunCount(exp, 100, 'r.json')).not.toThrow();
    expect(() => checkRunCount(exp, 101, 'r.json')).toThrow(
      /gives 1,010 runs \(1 row × 10 × 101 repeats\), more than the limit/,
    );
  });

  it('refuses a product too large for a number without overflowing', () => {
    const sweep = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`train.seed${i}`, tenValues]));
    expect(
      countExperimentRuns(
        1,
        Object.values(sweep).map((v) => v.length),
      ),
    ).toBe(Infinity);
    expect(() => parseExperiment({ name: 'inf', sweep }, 'inf.json')).toThrow(/more than the limit/);
  });
});
