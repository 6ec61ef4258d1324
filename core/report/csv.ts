// Metrics as CSV (RFC 4180 quoting): one row per run per logged step, every MetricPoint field and then any other key
// the points carry, for spreadsheets and pandas. Absent values (valLoss off eval steps, mfu without a peak) are empty.
// Text cells that a spreadsheet would evaluate as a formula are neutralised (OWASP "CSV injection").
import type { MetricPoint, RunData } from '../record';
import { escapeControlChars } from './escape';

const METRIC_COLUMNS: (keyof MetricPoint)[] = [
  'step',
  'tokens',
  'wallMs',
  'trainLoss',
  'zLoss',
  'valLoss',
  'gradNorm',
  'lr',
  'stepMs',
  'tokensPerSec',
  'flopsPerSec',
  'mfu',
  'paramBytes',
  'optimizerStateBytes',
  'peakBytes',
  'numTensors',
];

export const CSV_HEADER = ['runId', 'runName', 'runLabel', ...METRIC_COLUMNS];

/** Quote a field when it holds a comma, quote or line break; quotes inside are doubled. */
export function quoteCsvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A leading ' makes a spreadsheet show a text cell as text; only = + - @ (and tab or CR first) start formulas. */
export function neutraliseCsvText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function formatCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value); // the common case, a million times per run: no quoting needed
  // Numbers stay numbers (a negative one is data, not a formula); user text is neutralised.
  // Control and bidi characters are written visibly (a CSV is also read in a terminal); line breaks are data.
  return quoteCsvField(neutraliseCsvText(escapeControlChars(value, '\n\t')));
}

/** The columns after the fixed ones: every other key the points carry (diagnostics, metrics added later), in order. */
function extraColumns(runs: readonly RunData[]): string[] {
  const known = new Set<string>(METRIC_COLUMNS);
  const extra = new Set<string>();
  for (const { metrics } of runs)
    for (const p of metrics) for (const k of Object.keys(p)) if (!known.has(k)) extra.add(k);
  return [...extra];
}

function formatExtra(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'string') return formatCell(value);
  if (typeof value === 'boolean') return String(value);
  return value === null || value === undefined ? '' : quoteCsvField(JSON.stringify(value));
}

/** Rows per chunk: large enough to write efficiently, small enough that a chunk is a few megabytes at most. */
const ROWS_PER_CHUNK = 10_000;

/**
 * The CSV in chunks of whole lines, so runs of a million points each are written without one string of them all
 * (a JavaScript string holds at most 2^29 characters).
 */
export function* generateMetricsCsv(runs: readonly RunData[]): Generator<string> {
  const extras = extraColumns(runs);
  // Extra column names come from the points' keys, i.e. from a file: neutralised like any other text.
  yield `${[...CSV_HEADER, ...extras.map((k) => formatCell(k))].join(',')}\r\n`;
  let lines: string[] = [];
  for (const { record, metrics } of runs) {
    const who = [record.id, record.name, record.label].map(formatCell).join(',');
    for (const point of metrics) {
      const cells = METRIC_COLUMNS.map((c) => formatCell(point[c]));
      for (const k of extras) cells.push(formatExtra((point as Record<string, unknown>)[k]));
      lines.push(`${who},${cells.join(',')}\r\n`);
      if (lines.length === ROWS_PER_CHUNK) {
        yield lines.join('');
        lines = [];
      }
    }
  }
  if (lines.length) yield lines.join('');
}

/** The whole CSV as one string (for a few runs; writers of large reports use generateMetricsCsv). */
export function buildMetricsCsv(runs: readonly RunData[]): string {
  return [...generateMetricsCsv(runs)].join('');
}
