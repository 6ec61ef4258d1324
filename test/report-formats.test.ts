// The report builders: HTML (self-contained, escaped, one SVG per chart), Markdown, CSV and JSON, from fixtures.
import { describe, expect, it } from 'vitest';
import { buildHtmlReport, buildJsonReport, buildMarkdownReport, buildMetricsCsv, CSV_HEADER } from '../core/report';
import { describeMeasured, summarizeRun } from '../core/report/summary';
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
      runs,
    });
    expect(JSON.parse(buildJsonReport([])).experiment).toBeNull();
  });
});
