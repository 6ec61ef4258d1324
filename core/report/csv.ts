// Metrics as CSV (RFC 4180 quoting): one row per run per logged step, every MetricPoint field and then any other key
// the points carry, for spreadsheets and pandas. Absent values (valLoss off eval steps, mfu without a peak) are empty.
// Text cells that a spreadsheet would evaluate as a formula are neutralised (OWASP "CSV injection").
import type { MetricPoint, RunData } from '../record';

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
  // Numbers stay numbers (a negative one is data, not a formula); user text is neutralised.
  return quoteCsvField(typeof value === 'number' ? String(value) : neutraliseCsvText(value));
}

/** The columns after the fixed ones: every other key the points carry (diagnostics, metrics added later), in order. */
function extraColumns(runs: RunData[]): string[] {
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

export function buildMetricsCsv(runs: RunData[]): string {
  const extras = extraColumns(runs);
  // Extra column names come from the points' keys, i.e. from a file: neutralised like any other text.
  const lines = [[...CSV_HEADER, ...extras.map((k) => quoteCsvField(neutraliseCsvText(k)))].join(',')];
  for (const { record, metrics } of runs) {
    for (const point of metrics) {
      const extraCells = extras.map((k) => formatExtra((point as Record<string, unknown>)[k]));
      lines.push(
        [
          ...[record.id, record.name, record.label, ...METRIC_COLUMNS.map((c) => point[c])].map(formatCell),
          ...extraCells,
        ].join(','),
      );
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
