// Metrics as CSV (RFC 4180 quoting): one row per run per logged step, every MetricPoint field, for spreadsheets
// and pandas. Absent values (valLoss off eval steps, mfu without a peak) are empty cells.
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

function formatCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return quoteCsvField(String(value));
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
