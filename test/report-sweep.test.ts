// Sweeps (core/report/sweep.ts, sweep-layout.ts, sweep-chart.ts): the swept keys read from the run names and configs,
// each variant's mean final val loss and 95% interval per value against numpy/scipy (test/golden/sweep.py), diverged
// runs kept and counted, a plot per ladder rung, and where the marks go on screen and in the report.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, type ConfigInput } from '../core/config';
import type { RunData, RunStatus } from '../core/record';
import { buildHtmlReport } from '../core/report';
import { findSweeps, findSweptKeys, pickSweepColours } from '../core/report/sweep';
import { layoutCurve, layoutParallel, placeOnAxis } from '../core/report/sweep-layout';
import { makePoint } from './ui-fakes';

interface GoldenPoint {
  at: number;
  n: number;
  diverged: number;
  mean: number | null;
  lo: number | null;
  hi: number | null;
}
const golden = JSON.parse(readFileSync(join(import.meta.dirname, 'golden/sweep.json'), 'utf8')) as {
  rates: number[];
  runs: { variant: string; lr: number; seed: number; diverged: boolean; loss: number | null }[];
  curves: Record<string, GoldenPoint[]>;
};

/** A finished run: its final val loss in the summary (NaN when it diverged, as a record reads JSON's null). */
function makeRun(name: string, input: ConfigInput, seed: number, loss: number | null, status: RunStatus = 'done') {
  const config = parseConfig({ ...input, train: { ...input.train, seed } });
  const finalValLoss = loss ?? Number.NaN;
  const run: RunData = {
    record: {
      id: `${name} #${seed}`,
      name,
      label: '',
      config,
      seed,
      backend: 'cpu',
      status,
      createdAt: '',
      summary: ['done', 'diverged'].includes(status)
        ? {
            params: 1,
            flopsPerToken: 1,
            steps: 100,
            tokens: 1,
            wallMs: 1,
            finalTrainLoss: finalValLoss,
            finalValLoss,
            bestValLoss: finalValLoss,
            tokensPerSec: 1,
            mfu: null,
            peak: null,
            peakBytes: 1,
            paramBytes: 1,
            optimizerStateBytes: 1,
            kvCacheBytesPerToken: 1,
          }
        : null,
    },
    metrics: [{ ...makePoint(100), valLoss: finalValLoss }],
  };
  return run;
}

/** The golden runs, named as core/config/plan.ts names a swept experiment's runs, seeds as the builder names them. */
function goldenRuns(): RunData[] {
  return golden.runs.map((r) =>
    makeRun(
      `${r.variant} · optimizer.learningRate=${r.lr} · seed ${r.seed}`,
      { model: { bias: r.variant === 'bias' }, optimizer: { learningRate: r.lr } },
      r.seed,
      r.loss,
      r.diverged ? 'diverged' : 'done',
    ),
  );
}

describe('findSweeps (numpy/scipy golden numbers, test/golden/sweep.py)', () => {
  const [plot] = findSweeps(goldenRuns());

  it('finds the swept learning rate on a log axis, and the variants it crosses', () => {
    expect(plot!.axes).toEqual([{ key: 'optimizer.learningRate', values: golden.rates, numeric: true, log: true }]);
    expect(plot!.variants.map((v) => [v.name, v.seeds])).toEqual([
      ['palm', 3],
      ['bias', 3],
    ]);
    expect(plot!.runs).toHaveLength(golden.runs.length);
    expect(plot!.leftOut).toBe(0);
  });

  it('gives each value the mean over the seeds that did not diverge, its 95% interval, N and the diverged count', () => {
    for (const [k, name] of ['palm', 'bias'].entries()) {
      const curve = plot!.variants[k]!.curve;
      expect(curve.map((p) => [p.at, p.n, p.diverged])).toEqual(
        golden.curves[name]!.map((p) => [p.at, p.n, p.diverged]),
      );
      curve.forEach((p, i) => {
        const g = golden.curves[name]![i]!;
        if (g.mean === null) expect(p.mean).toBeNull();
        else expect(p.mean).toBeCloseTo(g.mean, 12);
        if (g.lo === null) expect(p.lo).toBeUndefined();
        else {
          expect(p.lo).toBeCloseTo(g.lo, 10);
          expect(p.hi).toBeCloseTo(g.hi!, 10);
        }
      });
    }
  });
});

describe('swept keys and variants', () => {
  const lr = (rate: number) => ({ optimizer: { learningRate: rate } });

  it('reads the keys from the names, and the base run (named without its point) from its config', () => {
    // As the builder names them: the base row has no sweep point in its name, its learning rate is the first value.
    const runs = [
      makeRun('x · palm', lr(0.003), 0, 3.1),
      makeRun('x · palm · optimizer.learningRate=0.03', lr(0.03), 0, 2.9),
      makeRun('x · palm · optimizer.learningRate=0.3', lr(0.3), 0, 3.4),
    ];
    expect(findSweptKeys(runs)).toEqual(['optimizer.learningRate']);
    const [plot] = findSweeps(runs);
    expect(plot!.variants.map((v) => v.name)).toEqual(['x · palm']);
    expect(plot!.variants[0]!.curve.map((p) => [p.at, p.mean])).toEqual([
      [0, 3.1],
      [1, 2.9],
      [2, 3.4],
    ]);
  });

  it('finds no sweep in variants that are not swept, nor in a "key=value" name whose value does not vary', () => {
    expect(findSweeps([makeRun('mqa', {}, 0, 3), makeRun('mha', { model: { attention: 'mha' } }, 0, 2.9)])).toEqual([]);
    expect(
      findSweeps([makeRun('a · dModel=64', {}, 0, 3), makeRun('b', { model: { attention: 'mha' } }, 0, 3)]),
    ).toEqual([]);
  });

  it('maps a model key back from its short name, keeps a sweep of seqLen in one variant, and goes linear under 10×', () => {
    const runs = [16, 32, 64].map((seqLen) => makeRun(`seqLen=${seqLen}`, { model: { seqLen } }, 0, 3 - seqLen / 100));
    const [plot] = findSweeps(runs);
    expect(plot!.axes).toEqual([{ key: 'model.seqLen', values: [16, 32, 64], numeric: true, log: false }]);
    expect(plot!.variants).toHaveLength(1); // maxPositions follows seqLen: no variant of its own
    expect(plot!.variants[0]!.name).toBe('base');
  });

  it('leaves out unfinished runs (and counts them), and reads a done run with a NaN loss as diverged', () => {
    const runs = [
      makeRun('p · optimizer.learningRate=0.01', lr(0.01), 0, 3),
      makeRun('p · optimizer.learningRate=0.1', lr(0.1), 0, null),
      makeRun('p · optimizer.learningRate=1', lr(1), 0, null, 'running'),
    ];
    const [plot] = findSweeps(runs);
    expect(plot!.leftOut).toBe(1);
    expect(plot!.runs.map((r) => [r.point[0], r.diverged, r.finalValLoss])).toEqual([
      [0.01, false, 3],
      [0.1, true, null],
    ]);
    expect(plot!.variants[0]!.curve[1]).toEqual({ at: 1, mean: null, n: 0, diverged: 1 });
  });

  it('gives one plot per ladder rung, the rung left out of the variant names', () => {
    const runs = ['d32', 'd64'].flatMap((rung, index) =>
      [0.01, 0.1].map((rate) => {
        const run = makeRun(`mha · ${rung} · optimizer.learningRate=${rate}`, lr(rate), 0, 3 - index - rate);
        run.record.rung = { index, name: rung };
        return run;
      }),
    );
    const plots = findSweeps(runs);
    expect(plots.map((p) => [p.rung?.name, p.variants.map((v) => v.name), p.runs.length])).toEqual([
      ['d32', ['mha'], 2],
      ['d64', ['mha'], 2],
    ]);
  });
});

describe('sweep layout', () => {
  const [plot] = findSweeps(goldenRuns());
  const layout = layoutCurve(plot!, 560, 320);

  it('places a log-swept value by its logarithm, inside the padded plot', () => {
    // 0.003 … 0.3 spans two decades; 0.03 sits halfway, 0.01 at log10(0.01/0.003)/2 of the way.
    const { left, width } = layout.plot;
    const inner = (t: number) => left + (0.06 + 0.88 * t) * width;
    expect(placeOnAxis(plot!.axes[0]!, 0.03, left, left + width)).toBeCloseTo(inner(0.5), 1);
    expect(placeOnAxis(plot!.axes[0]!, 0.01, left, left + width)).toBeCloseTo(inner(Math.log10(10 / 3) / 2), 1);
    expect(layout.xTicks.map((t) => t.label)).toEqual(['0.003', '0.01', '0.03', '0.1', '0.3']);
    expect(layout.xTitle).toBe('optimizer.learningRate (log scale)');
  });

  it('draws a line per variant through its means, and the diverged in the strip above the plot', () => {
    expect(layout.lines.map((l) => l.variant)).toEqual([0, 1]);
    // bias has no mean at 0.3 (all diverged): its line has 4 vertices, palm's 5.
    expect(layout.lines.map((l) => (l.d.match(/[ML]/g) ?? []).length)).toEqual([5, 4]);
    expect(layout.diverged.map((d) => [d.variant, d.count])).toEqual([
      [0, 1],
      [1, 3],
    ]);
    for (const d of layout.diverged) expect(d.y).toBeLessThan(layout.plot.top);
    expect(layout.diverged[1]!.title).toBe('bias, optimizer.learningRate = 0.3: 3 of 3 seeds diverged');
    expect(layout.seeds).toHaveLength(golden.runs.filter((r) => !r.diverged).length);
    for (const m of [...layout.means, ...layout.seeds]) {
      expect(m.y).toBeGreaterThanOrEqual(layout.plot.top);
      expect(m.y).toBeLessThanOrEqual(layout.plot.top + layout.plot.height);
    }
  });

  it('draws parallel coordinates for two keys: an axis per key and the loss, a line per run', () => {
    const runs = [16, 32].flatMap((seqLen) =>
      [0.01, 0.1].map((rate) =>
        makeRun(
          `seqLen=${seqLen}, optimizer.learningRate=${rate}`,
          { model: { seqLen }, optimizer: { learningRate: rate } },
          0,
          rate === 0.1 && seqLen === 32 ? null : 3 + rate,
        ),
      ),
    );
    const [two] = findSweeps(runs);
    const parallel = layoutParallel(two!, 560, 320);
    expect(parallel.axes.map((a) => a.title)).toEqual([
      'model.seqLen',
      'optimizer.learningRate (log)',
      'final val loss (nats)',
    ]);
    expect(parallel.lines).toHaveLength(4);
    const lastY = (d: string) => Number(d.split(' ').at(-1));
    expect(parallel.lines.filter((l) => l.diverged).map((l) => lastY(l.d))).toEqual([parallel.divergedY]);
    for (const l of parallel.lines.filter((x) => !x.diverged)) expect(lastY(l.d)).toBeGreaterThanOrEqual(parallel.top);
  });
});

describe('pickSweepColours', () => {
  it("keeps the first runs' colours when they differ, else takes the palette's by variant", () => {
    expect(pickSweepColours(['#b', '#a'], ['#1', '#2'])).toEqual(['#b', '#a']);
    expect(pickSweepColours(['#a', '#b', '#a'], ['#1', '#2'])).toEqual(['#1', '#2', '#1']);
  });
});

describe('the report', () => {
  it('draws the loss-vs-key figure with its variants, N and the diverged marks, names escaped', () => {
    const runs = goldenRuns().map((r) =>
      r.record.name.startsWith('bias')
        ? { ...r, record: { ...r.record, name: r.record.name.replace('bias', '<b>ias') } }
        : r,
    );
    const html = buildHtmlReport(runs, { name: 'lr' });
    expect(html).toContain('Final validation loss vs optimizer.learningRate');
    expect(html).toContain('palm (N = 3)');
    expect(html).toContain('&lt;b&gt;ias (N = 3)');
    expect(html).not.toContain('<b>ias');
    expect((html.match(/<g class="diverged">/g) ?? []).length).toBe(2);
  });

  it('draws no sweep figure for runs that sweep nothing', () => {
    const html = buildHtmlReport([makeRun('mqa', {}, 0, 3), makeRun('mha', { model: { attention: 'mha' } }, 0, 2.9)]);
    expect(html).not.toContain('Final validation loss');
  });
});
