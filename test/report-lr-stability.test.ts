// Where instability starts: the threshold per rung × variant against numpy (test/golden/lr_stability.py), its rules on
// hand-checkable grids (diverged, over the margin, stable, every rate diverged), seeds pooled, rungs kept apart, runs
// that cannot count left out, and the table and chart in every report format.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../core/config';
import type { MetricPoint, RunData, RunStatus } from '../core/record';
import { buildHtmlReport, buildJsonReport, buildMarkdownReport } from '../core/report';
import {
  computeLrStability,
  DEFAULT_INSTABILITY_MARGIN,
  findThreshold,
  type LrGridPoint,
  type LrStability,
} from '../core/report/lr-stability';
import { makePoint } from './ui-fakes';

interface GoldenRun {
  rung: { index: number; name: string; params: number };
  variant: 'palm' | 'bias';
  seed: number;
  lr: number;
  finalValLoss: number | null;
  maxAttnLogit: number[];
  meanLogZ: number[];
}
interface Golden {
  runs: GoldenRun[];
  tables: Record<string, LrStability[]>;
}
const golden = JSON.parse(readFileSync(join(import.meta.dirname, 'golden', 'lr_stability.json'), 'utf8')) as Golden;

interface RunSpec {
  variant?: 'palm' | 'bias';
  rung?: { index: number; name: string; params: number } | null;
  seed?: number;
  lr: number;
  /** null: the run diverged. */
  loss: number | null;
  status?: RunStatus;
  attn?: number[];
  logZ?: number[];
}

/** A run as the CLI records it: named "variant · rung · optimizer.learningRate=x", seeds after the first suffixed. */
function makeRun({
  variant = 'palm',
  rung = null,
  seed = 0,
  lr,
  loss,
  status,
  attn = [],
  logZ = [],
}: RunSpec): RunData {
  const config = parseConfig({
    model: { dModel: rung?.name === 'd32' ? 32 : 16, bias: variant === 'bias' },
    optimizer: { learningRate: lr },
    train: { seed },
  });
  const parts = [
    variant,
    ...(rung ? [rung.name] : []),
    `optimizer.learningRate=${lr}`,
    ...(seed ? [`seed ${seed}`] : []),
  ];
  const metrics: MetricPoint[] = attn.map((a, i) => makePoint((i + 1) * 10, { maxAttnLogit: a, meanLogZ: logZ[i] }));
  // A diverged run's summary keeps its last finite val loss (lower than any here): it must not become the best.
  if (loss !== null && metrics.length) metrics.at(-1)!.valLoss = loss;
  const summary = {
    ...{ params: rung?.params ?? 10_000, flopsPerToken: 6e4, steps: 100, tokens: 6400, wallMs: 1000 },
    ...{ finalTrainLoss: loss ?? 2, finalValLoss: loss ?? 2, bestValLoss: loss ?? 2, tokensPerSec: 6400, mfu: null },
    ...{ peak: null, peakBytes: 1, paramBytes: 1, optimizerStateBytes: 1, kvCacheBytesPerToken: 1 },
  };
  const record = {
    id: parts.join('-'),
    name: parts.join(' · '),
    label: variant === 'palm' ? '' : 'bias: false→true',
    config,
    seed,
    backend: 'cpu',
    status: status ?? (loss === null ? 'diverged' : 'done'),
    createdAt: '',
    summary,
    ...(rung ? { rung: { index: rung.index, name: rung.name } } : {}),
  } satisfies RunData['record'];
  return { record, metrics };
}

const goldenRuns = () =>
  golden.runs.map((r) => makeRun({ ...r, loss: r.finalValLoss, attn: r.maxAttnLogit, logZ: r.meanLogZ, rung: r.rung }));

const point = (lr: number, meanLoss: number | null, diverged = 0): LrGridPoint => ({
  lr,
  meanLoss,
  seeds: 1,
  diverged,
  maxAttnLogit: null,
  maxLogZ: null,
});

describe('findThreshold', () => {
  it('the first rate above the best where a seed diverged', () => {
    const grid = [point(0.01, 2.6), point(0.1, 2.4), point(0.3, 2.45), point(1, null, 1), point(3, null, 1)];
    expect(findThreshold(grid, 0.1)).toEqual({ bestLr: 0.1, bestLoss: 2.4, unstableLr: 1, reason: 'diverged' });
  });

  it('the first rate above the best whose loss exceeds best + margin; a worse rate below the best does not count', () => {
    const grid = [point(0.01, 3.5), point(0.1, 2.4), point(0.3, 2.49), point(1, 2.51), point(3, null, 1)];
    expect(findThreshold(grid, 0.1)).toEqual({ bestLr: 0.1, bestLoss: 2.4, unstableLr: 1, reason: 'loss' });
    expect(findThreshold(grid, 0.2)).toEqual({ bestLr: 0.1, bestLoss: 2.4, unstableLr: 3, reason: 'diverged' });
  });

  it('stable over the whole grid, and the lower rate on a tie', () => {
    const grid = [point(0.01, 2.5), point(0.1, 2.4), point(0.3, 2.4), point(1, 2.45)];
    expect(findThreshold(grid, 0.1)).toEqual({ bestLr: 0.1, bestLoss: 2.4, unstableLr: null, reason: null });
  });

  it('no best when every rate diverged', () => {
    const grid = [point(0.1, null, 2), point(1, null, 1)];
    expect(findThreshold(grid, 0.1)).toEqual({ bestLr: null, bestLoss: null, unstableLr: null, reason: null });
  });
});

describe('computeLrStability', () => {
  it.each(Object.keys(golden.tables))('matches numpy over 2 rungs × 2 variants × 2 seeds (margin %s)', (margin) => {
    const rows = computeLrStability(goldenRuns(), { margin: Number(margin) });
    const want = golden.tables[margin]!;
    expect(rows.map((r) => [r.rung, r.variant, r.params, r.seeds, r.unstableLr, r.reason])).toEqual(
      want.map((r) => [r.rung, r.variant, r.params, r.seeds, r.unstableLr, r.reason]),
    );
    rows.forEach((row, i) => {
      const w = want[i]!;
      expect(row.bestLr).toBe(w.bestLr);
      expect(row.bestLoss).toBeCloseTo(w.bestLoss!, 12);
      expect(row.diagnosticsLr).toBe(w.diagnosticsLr);
      expect(row.maxAttnLogit).toBeCloseTo(w.maxAttnLogit!, 12);
      expect(row.maxLogZ).toBeCloseTo(w.maxLogZ!, 12);
      row.grid.forEach((g, k) => {
        const wg = w.grid[k]!;
        expect([g.lr, g.seeds, g.diverged]).toEqual([wg.lr, wg.seeds, wg.diverged]);
        if (wg.meanLoss === null) expect(g.meanLoss).toBeNull();
        else expect(g.meanLoss).toBeCloseTo(wg.meanLoss, 12);
      });
    });
  });

  it('pools seeds: one diverged seed makes the rate diverged; the mean, not a seed, crosses the margin', () => {
    const runs = [0.01, 0.1, 0.3].flatMap((lr) => [
      makeRun({ lr, seed: 0, loss: lr === 0.3 ? 2.46 : 2.5 - lr }),
      makeRun({ lr, seed: 1, loss: lr === 0.3 ? 2.58 : 2.5 - lr }),
    ]);
    // Best 2.4 at 0.1; at 0.3 the seeds' 2.46 and 2.58 average 2.52 > 2.4 + 0.1 though seed 0 alone is within.
    const [loss] = computeLrStability(runs);
    expect(loss).toMatchObject({ bestLr: 0.1, unstableLr: 0.3, reason: 'loss', seeds: 2, variant: 'palm' });
    expect(loss!.grid[2]!.meanLoss).toBeCloseTo(2.52, 12);
    expect(loss!.margin).toBe(DEFAULT_INSTABILITY_MARGIN);
    const diverged = [...runs.slice(0, 5), makeRun({ lr: 0.3, seed: 1, loss: null })];
    const [row] = computeLrStability(diverged);
    expect(row).toMatchObject({ unstableLr: 0.3, reason: 'diverged' });
    expect(row!.grid[2]).toMatchObject({ seeds: 2, diverged: 1, meanLoss: 2.46 });
  });

  it('keeps a run that diverged before logging a point; leaves out stopped and failed runs and unswept cells', () => {
    const runs = [
      makeRun({ lr: 0.01, loss: 2.5 }),
      makeRun({ lr: 0.1, loss: 2.4 }),
      makeRun({ lr: 1, loss: null }), // no metrics at all
      makeRun({ lr: 3, loss: 2.3, status: 'stopped' }),
      makeRun({ lr: 10, loss: 2.3, status: 'failed' }),
      makeRun({ variant: 'bias', lr: 0.1, loss: 2.4 }),
      makeRun({ variant: 'bias', lr: 0.3, loss: 2.4 }),
    ];
    const rows = computeLrStability(runs);
    expect(rows).toHaveLength(1); // bias has two rates: a comparison, not a sweep
    expect(rows[0]!.grid.map((g) => g.lr)).toEqual([0.01, 0.1, 1]);
    expect(rows[0]).toMatchObject({ unstableLr: 1, reason: 'diverged', diagnosticsLr: 1, maxAttnLogit: null });
  });

  it('a grid with no unstable rate reports the diagnostics at its highest rate', () => {
    const runs = [0.01, 0.1, 1].map((lr, i) =>
      makeRun({ lr, loss: 2.5 - i * 0.01, attn: [i + 1, 5 * i], logZ: [-3 * i, i] }),
    );
    expect(computeLrStability(runs)[0]).toMatchObject({
      unstableLr: null,
      diagnosticsLr: 1,
      maxAttnLogit: 10,
      maxLogZ: 6,
    });
  });

  it("lists the base's family first at each rung, whatever order the runs come in", () => {
    const rows = computeLrStability([...goldenRuns()].reverse());
    expect(rows.map((r) => `${r.rung!.name} ${r.variant}`)).toEqual(['d16 palm', 'd16 bias', 'd32 palm', 'd32 bias']);
  });

  it('keeps experiments apart: the same config in two experiments is two families', () => {
    const runs = [0.01, 0.1, 1].map((lr) => makeRun({ lr, loss: 2.5 }));
    const twice = [...runs, ...runs.map((r) => ({ ...r, record: { ...r.record, id: `${r.record.id}-b` } }))];
    expect(computeLrStability(twice, { experimentOf: (r) => (r.record.id.endsWith('-b') ? 'b' : 'a') })).toHaveLength(
      2,
    );
    expect(computeLrStability(twice)).toHaveLength(1);
  });
});

describe('reports', () => {
  const experiment = { name: 'lr-ladder', instabilityMargin: 0.1 };

  it('report.json carries a row per rung × variant', () => {
    const json = JSON.parse(buildJsonReport(goldenRuns(), experiment)) as { lrStability: LrStability[] };
    expect(json.lrStability.map((r) => `${r.rung!.name} ${r.variant} ${r.unstableLr} ${r.reason}`)).toEqual([
      'd16 palm null null',
      'd16 bias 0.3 loss',
      'd32 palm 1 loss',
      'd32 bias 0.3 diverged',
    ]);
  });

  it('report.md has the table, its rows and how it is read', () => {
    const md = buildMarkdownReport(goldenRuns(), { ...experiment, instabilityMargin: 0.25 });
    expect(md).toContain('## Where instability starts');
    expect(md).toContain('| Rung | Params | Variant | Seeds | Best LR | Best loss | Unstable from LR | Why |');
    expect(md).toContain(
      '| d32 | 40k | bias | 2 | 0.1 | 2.295 | 0.3 | diverged (1 of 2 seeds) | 10.5 → 14.5 | 1.05 → 1.35 |',
    );
    expect(md).toContain('| d16 | 10k | bias | 2 | 0.1 | 2.455 | none in the grid | stable over the grid (up to 1) |');
    expect(md).toContain('by more than 0.25 nats');
  });

  it('report.html has the table and a loss-vs-LR chart per rung on a log x axis', () => {
    const html = buildHtmlReport(goldenRuns(), experiment);
    expect(html).toContain('<h2>Where instability starts</h2>');
    expect(html).toContain('<td>loss 2.560 &gt; best + 0.1</td>');
    expect(html).toContain('Final val loss vs learning rate (rung d16, 10k params)');
    expect(html).toContain('Final val loss vs learning rate (rung d32, 40k params)');
    // Log x ticks at 1, 2, 5 × 10^k over 0.01 .. 1.
    for (const tick of ['0.01', '0.02', '0.05', '0.1', '0.2', '0.5', '1'])
      expect(html).toMatch(new RegExp(`text-anchor="middle" fill="#555">${tick.replace('.', '\\.')}</text>`));
  });

  it('writes attention logits grown by decades with a prefix', () => {
    const runs = [0.01, 0.1, 1].map((lr, i) =>
      makeRun({ lr, loss: 2.4 + i * 0.01, attn: [[30.5, 1308, 1_900_544][i]!] }),
    );
    expect(buildMarkdownReport(runs)).toContain('| stable over the grid (up to 1) | 30.5 → 1.9M |');
  });

  it('no section without a learning-rate sweep', () => {
    const runs = [makeRun({ lr: 0.01, loss: 2.5 }), makeRun({ lr: 0.1, loss: 2.4 })];
    expect(buildMarkdownReport(runs)).not.toContain('Where instability starts');
    expect(buildHtmlReport(runs)).not.toContain('Where instability starts');
    expect(JSON.parse(buildJsonReport(runs)).lrStability).toEqual([]);
  });
});
