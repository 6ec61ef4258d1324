// Metrics as CSV (RFC 4180 quoting): one row per run per logged step, every MetricPoint field and then any other key
// the points carry, for spreadsheets and pandas. Absent values (valLoss off eval steps, mfu without a peak) are empty.
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

/** The columns after the fixed ones: every other key the points carry (diagnostics, metrics added later), in order. */
function extraColumns(runs: RunData[]): string[] {
  const known = new Set<string>(METRIC_COLUMNS);
  const extra = new Set<string>();
  for (const { metrics } of runs)
    for (const p of metrics) for (const k of Object.keys(p)) if (!known.has(k)) extra.add(k);
  return [...extra];
}

function formatExtra(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean')
    return formatCell(String(value));
  return value === null || value === undefined ? '' : quoteCsvField(JSON.stringify(value));
}

export function buildMetricsCsv(runs: RunData[]): string {
  const extras = extraColumns(runs);
  const lines = [[...CSV_HEADER, ...extras.map(quoteCsvField)].join(',')];
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
