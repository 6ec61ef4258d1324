// A scale ladder through the real binary: a tiny 3-rung ladder trained on one machine (--jobs 2) and as 3 shards
// merged by `report` gives the same report numbers (losses, their intervals, the trend, tokens- and FLOPs-to-target);
// each run records its rung, and each shard benches its share of the rungs for time-to-target.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JsonReport } from '../core/report';
import type { RunRecord } from '../core/record';
import { palm } from './cli-helpers';

const readReport = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as JsonReport;

/** What must not depend on how the runs were split: every number derived from the losses (wall times are timed). */
function lossNumbers(report: JsonReport) {
  return report.claims.map((c) => ({
    verdictOf: c.id,
    scale: c.scale.map((s) => ({
      rung: s.rung,
      params: s.params,
      tokens: s.tokens,
      effects: s.effects
        .filter((e) => e.metric === 'finalValLoss')
        .map((e) => ({
          delta: e.delta,
          ci95: e.ci95,
          tokens: e.toTarget?.tokensRatio,
          flops: e.toTarget?.flopsRatio,
        })),
    })),
    trend: c.trend.filter((t) => t.metric === 'finalValLoss').map((t) => t.fit),
  }));
}

describe('palm-workbench run with a ladder', () => {
  it('gives the same report from one machine and from 3 shards merged', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'palm-ladder-'));
    const corpus = join(tmp, 'corpus.txt');
    writeFileSync(
      corpus,
      'Call me Ishmael. Some years ago, never mind how long precisely, I went to sea.\n'.repeat(40),
    );
    const spec = {
      name: 'tiny-ladder',
      claims: ['block'],
      baseName: 'parallel',
      repeats: 2,
      base: {
        model: { dModel: 16, nLayers: 1, nHeads: 2, headDim: 8, seqLen: 8 },
        train: { batchSize: 4, logEvery: 2, evalEvery: 2, evalBatches: 1, checkpointEvery: 100, peakTflops: 0.001 },
        data: { corpus: 'file', path: corpus },
      },
      variants: [{ name: 'serial', overrides: { 'model.block': 'serial' } }],
      ladder: [
        { name: 's', model: { dModel: 8, headDim: 4 }, tokens: 192 },
        { name: 'm', model: { dModel: 16 }, tokens: 256 },
        { name: 'l', model: { dModel: 24, headDim: 12 }, tokens: 320 },
      ],
    };
    const specPath = join(tmp, 'ladder.json');
    writeFileSync(specPath, JSON.stringify(spec));
    const common = ['--backend', 'cpu', '--speed-steps', '2'];
    const one = join(tmp, 'one');
    const single = await palm(['run', specPath, ...common, '--jobs', '2', '--out', one]);
    expect(single.code, single.stderr).toBe(0);
    const shards = [1, 2, 3].map((i) => join(tmp, `shard-${i}`));
    const results = await Promise.all(
      shards.map((dir, i) => palm(['run', specPath, ...common, '--shard', `${i + 1}/3`, '--jobs', '1', '--out', dir])),
    );
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    // 3 rungs × 2 variants × 2 seeds = 12 runs, 4 per shard; rung k is benched by shard (k mod 3) + 1.
    expect(results[0]!.stderr).toMatch(/shard 1\/3: 4 of 12 runs/);
    for (const dir of shards) expect(existsSync(join(dir, 'speed.json'))).toBe(true);
    // run writes its report set into the run's report/ folder; report --out names the folder itself.
    const record = JSON.parse(readFileSync(join(one, 'serial__m-seed1', 'run.json'), 'utf8')) as RunRecord;
    expect(record.rung).toEqual({ index: 1, name: 'm' });
    expect(record.config.train.steps).toBe(8); // 256 tokens / (4 · 8)

    const merged = join(tmp, 'merged');
    const rep = await palm(['report', ...shards, '--out', merged]);
    expect(rep.code, rep.stderr).toBe(0);
    expect(rep.stderr).toMatch(/report of 12 runs/);
    const [a, b] = [readReport(join(one, 'report')), readReport(merged)];
    expect(lossNumbers(b)).toEqual(lossNumbers(a));
    const block = b.claims[0]!;
    expect(block.scale.map((s) => s.rung?.name)).toEqual(['s', 'm', 'l']);
    expect(block.trend.map((t) => t.metric).sort()).toEqual(['finalValLoss', 'timeToTarget']);
    // Every rung has its time-to-target from the shard that benched it, with both speeds shown.
    for (const s of block.scale) {
      const time = s.effects.find((e) => e.metric === 'timeToTarget')!;
      expect(time.toTarget!.baseline.bench!.tokensPerSec).toBeGreaterThan(0);
      expect(time.toTarget!.variant.bench!.backend).toBe('cpu');
    }
    const html = readFileSync(join(merged, 'report.html'), 'utf8');
    expect(html.match(/<svg class="trend"/g)).toHaveLength(2);
    expect(html).toContain('per 10× parameters');
  }, 300_000);
});
