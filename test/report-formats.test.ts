// The report builders: HTML (self-contained, escaped, one SVG per chart), Markdown, CSV and JSON, from fixtures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildHtmlReport, buildJsonReport, buildMarkdownReport, buildMetricsCsv, CSV_HEADER } from '../core/report';
import type { RunData } from '../core/record';
import { describeMeasured, summarizeRun } from '../core/report/summary';
import { PALETTE } from '../core/report/svg-chart';
import { EXPERIMENT, HOSTILE_NAME, makeRuns } from './report-fixtures';

/** A small RFC 4180 reader, written independently of the builder: quoted fields, doubled quotes, CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (quoted) field += c;
    else if (c === ',') endField();
    else if (c === '\n') {
      endField();
      rows.push(row);
      row = [];
    } else if (c !== '\r') field += c;
  }
  return rows;
}

describe('buildHtmlReport', () => {
  const runs = makeRuns();
  const html = buildHtmlReport(runs, EXPERIMENT);

  it('is a complete page with one svg per chart and no external resources', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    // Four charts. The verdict cards (block, attention) have no interval plot: with the runs' speeds no longer a
    // test (time-to-target needs bench speeds), their pairs measure nothing (a diverged run, a run without a summary).
    expect(html.match(/<svg class="chart"/g)).toHaveLength(4);
    expect(html).toContain('<article class="card inconclusive"><h3>Block');
    expect(html.match(/<svg class="intervals"/g)).toBeNull();
    expect(html.match(/<\/svg>/g)).toHaveLength(4);
    for (const title of ['Loss vs step', 'Loss vs tokens', 'Throughput vs step', 'Peak memory per run'])
      expect(html).toContain(title);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link|@import|url\((?!#)/i);
  });

  it('escapes run names everywhere they appear', () => {
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('serial &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('Parallel against serial blocks &amp; more.');
  });

  it('puts the claim beside the measurements and formats the summary', () => {
    expect(html).toContain(EXPERIMENT.claim);
    expect(html).toContain('final val loss: parallel 2.401 · serial');
    for (const cell of [
      '1.23M',
      '2.5 MFLOP',
      '2.346',
      '2.401',
      '2.400',
      '4.1k',
      '1.2% (calibrated)',
      '11.8 MiB',
      '781 KiB',
      '512 B',
      '7.5 s',
    ]) {
      expect(html).toContain(`<td class="num">${cell}</td>`);
    }
    expect(html).toContain('loss above 4× its start at step 30');
    expect(html).toContain('class="status-diverged"');
  });

  it('lists the varied keys, the base config, and prints charts whole', () => {
    expect(html).toMatch(/<td>block<\/td><td>parallel<\/td><td>serial<\/td><td>parallel<\/td>/);
    expect(html).toMatch(/<td>kvHeads<\/td><td>1<\/td><td>1<\/td><td>4<\/td>/);
    expect(html).toContain('Base config (parallel, seed 0)');
    expect(html).toContain('@media print');
    expect(html).toMatch(/figure[^{]*\{[^}]*break-inside:avoid/);
  });

  it('caps the loss axis so the diverged run does not flatten the others', () => {
    expect(html).toContain('y axis capped at');
  });

  it('handles no runs at all', () => {
    const empty = buildHtmlReport([]);
    expect(empty).toContain('Training report');
    expect(empty).toContain('no data');
  });
});

describe('buildHtmlReport: seeds as a group', () => {
  const golden = JSON.parse(readFileSync(join(import.meta.dirname, 'golden/seed_bands.json'), 'utf8')) as {
    seeds: { steps: number[]; ys: number[] }[];
    band: { step: number; n: number; mean: number; lo: number | null; hi: number | null }[];
  };
  const [base, other] = makeRuns();
  // Three seeds of one variant (the golden seeds: the third has logged 7 of 10 steps), and a variant of one run.
  const seeds: RunData[] = golden.seeds.map((g, s) => ({
    record: {
      ...base!.record,
      id: `seed-${s}`,
      name: `parallel · seed ${s}`,
      seed: s,
      config: { ...base!.record.config, train: { ...base!.record.config.train, seed: s } },
    },
    metrics: g.steps.map((step, i) => ({ ...base!.metrics[0]!, step, tokens: step * 1024, trainLoss: g.ys[i]! })),
  }));
  const html = buildHtmlReport([...seeds, other!]);
  const charts = html.match(/<svg class="chart"[\s\S]*?<\/svg>/g)!;
  const lossChart = charts.find((c) => c.includes('Loss vs step'))!;

  it('draws one mean line per variant and one band for the 3-seed variant, with N = 3 in the legend', () => {
    for (const chart of charts.filter((c) => /Loss vs|Throughput/.test(c))) {
      expect(chart.match(/<path class="band"/g)).toHaveLength(1);
      // Solid lines: the 3-seed mean and the other variant's line (the other's validation loss is dashed).
      expect(chart.match(/<path d="[^"]*" stroke="#[0-9A-F]{6}"\/>/g)).toHaveLength(2);
      expect(chart).toContain('>parallel (N = 3)</text>');
    }
    expect(lossChart).toMatch(new RegExp(`<path class="band" d="[^"]*" fill="${PALETTE[0]}"`));
  });

  it('places the band and the mean at the golden numbers (numpy/scipy, test/golden/seed_bands.py)', () => {
    // The chart's own axes: read the y ticks' labels and pixels to map the golden values to pixels.
    const ticks = [...lossChart.matchAll(/<text x="56" y="([\d.]+)" text-anchor="end" fill="#555">([\d.]+)</g)].map(
      (m) => ({ py: Number(m[1]) - 4, y: Number(m[2]) }),
    );
    const [t0, t1] = [ticks[0]!, ticks.at(-1)!];
    const toPy = (y: number) => t0.py + ((y - t0.y) * (t1.py - t0.py)) / (t1.y - t0.y);
    const band = lossChart.match(/<path class="band" d="([^"]*)"/)![1]!;
    const corners = [...band.matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((m) => Number(m[2]));
    const lo = corners.slice(0, golden.band.length);
    const hi = corners.slice(golden.band.length).reverse();
    golden.band.forEach((g, k) => {
      expect(Math.abs(lo[k]! - toPy(g.lo!))).toBeLessThan(0.11); // pixels are written to 0.1
      expect(Math.abs(hi[k]! - toPy(g.hi!))).toBeLessThan(0.11);
    });
    const mean = lossChart.match(/<path d="([^"]*)" stroke="#0072B2"/)![1]!;
    const ys = [...mean.matchAll(/[ML]([\d.]+) ([\d.]+)/g)].map((m) => Number(m[2]));
    golden.band.forEach((g, k) => expect(Math.abs(ys[k]! - toPy(g.mean))).toBeLessThan(0.11));
  });
});

describe('summary figures', () => {
  it('derives figures from metrics when a run has no summary', () => {
    const f = summarizeRun(makeRuns()[2]!);
    expect(f).toMatchObject({
      finalTrainLoss: 3.0,
      finalValLoss: null,
      bestValLoss: null,
      tokensPerSec: 5100,
      mfu: null,
      wallMs: 5000,
    });
  });

  it('compares each run with the base: loss differences, speed ratios, and sizes only when they differ', () => {
    const lines = describeMeasured(makeRuns());
    expect(lines[0]).toBe(`final val loss: parallel 2.401 · ${HOSTILE_NAME} — · no val —`);
    expect(lines).toContain(`median tokens/s: parallel 4.1k · ${HOSTILE_NAME} 3.58k (×0.88) · no val 5.1k (×1.25)`);
    expect(lines.some((l) => l.startsWith('params'))).toBe(false);
    expect(lines.some((l) => l.startsWith('peak memory'))).toBe(true);
  });
});

describe('buildMarkdownReport', () => {
  const md = buildMarkdownReport(makeRuns(), EXPERIMENT);
  it('has the claim, the summary table with one row per run, and escaped names', () => {
    expect(md).toContain(`**The paper's claim:** ${EXPERIMENT.claim}`);
    const table = md.split('\n').filter((l) => l.startsWith('| '));
    expect(table[0]).toBe(
      '| Run | Status | Params | FLOPs/token | Final train loss | Final val loss | Best val loss | Tokens/s (median) | MFU (peak) | Peak memory | Optimizer state | KV cache/token | Wall time |',
    );
    expect(table[1]).toBe(`|${' --- |'.repeat(2)}${' ---: |'.repeat(11)}`);
    expect(table[2]).toBe(
      '| parallel | done | 1.23M | 2.5 MFLOP | 2.346 | 2.401 | 2.400 | 4.1k | 1.2% (calibrated) | 11.8 MiB | 781 KiB | 512 B | 7.5 s |',
    );
    expect(md).toContain(
      'serial &lt;script&gt;alert("x")&lt;/script&gt;, "quoted" (block: parallel→serial) | diverged |',
    );
    expect(md).not.toContain('<script>');
    expect(md).toContain('## What differs');
    expect(md).toContain('"block": "parallel"');
  });
});

describe('buildMetricsCsv', () => {
  it('parses back: a header and one row per run per logged step, absent values empty', () => {
    const runs = makeRuns();
    const rows = parseCsv(buildMetricsCsv(runs));
    expect(rows[0]).toEqual(CSV_HEADER);
    expect(rows[0]).toHaveLength(19);
    expect(rows).toHaveLength(1 + 3 + 3 + 2);
    const col = (name: string) => CSV_HEADER.indexOf(name);
    expect(rows[4]![col('runName')]).toBe(HOSTILE_NAME);
    expect(rows[2]![col('valLoss')]).toBe('3.3');
    expect(rows[1]![col('valLoss')]).toBe('');
    expect(rows[8]![col('mfu')]).toBe('');
    expect(Number(rows[8]![col('tokensPerSec')])).toBe(5200);
    for (const row of rows) expect(row).toHaveLength(CSV_HEADER.length);
  });
});

describe('buildJsonReport', () => {
  it('round-trips the runs and the experiment', () => {
    const runs = makeRuns();
    const parsed = JSON.parse(buildJsonReport(runs, EXPERIMENT));
    expect(parsed).toEqual({
      format: 'palm-workbench-report',
      version: 1,
      experiment: EXPERIMENT,
      claims: expect.any(Array),
      mainEffects: [],
      lrStability: [],
      runs,
    });
    expect(JSON.parse(buildJsonReport([])).experiment).toBeNull();
  });
});
