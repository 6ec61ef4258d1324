// Metrics as CSV (RFC 4180 quoting): one row per run per logged step, every MetricPoint field, for spreadsheets
// and pandas. Absent values (valLoss off eval steps, mfu without a peak) are empty cells. Text cells that a
// spreadsheet would evaluate as a formula are neutralised (OWASP "CSV injection").
import type { MetricPoint, RunData } from '../train/record';

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

export function buildMetricsCsv(runs: RunData[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const { record, metrics } of runs) {
    for (const point of metrics) {
      lines.push(
        [record.id, record.name, record.label, ...METRIC_COLUMNS.map((c) => point[c])].map(formatCell).join(','),
      );
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
