// What the charts can draw: each metric's title, how to read it from a MetricPoint, and how to print it.
import { formatBytes, formatCount, formatSignificant } from '../../../core/report';
import type { MetricPoint } from '../../../core/record';

export type XAxisKey = 'step' | 'tokens' | 'wallMs';

export const X_AXES: { key: XAxisKey; label: string }[] = [
  { key: 'step', label: 'step' },
  { key: 'tokens', label: 'tokens' },
  { key: 'wallMs', label: 'wall time (s)' },
];

/** wall time is stored in ms and shown in seconds. */
export function readX(p: MetricPoint, axis: XAxisKey): number {
  return axis === 'wallMs' ? p.wallMs / 1000 : p[axis];
}

export interface ChartMetric {
  id: string;
  title: string;
  read: (p: MetricPoint) => number | undefined;
  format: (n: number) => string;
  /** Losses are smoothed and may be drawn on a log scale; rates and sizes are drawn as logged. */
  isLoss: boolean;
}

const loss = (n: number) => n.toFixed(3);

export const CHART_METRICS: ChartMetric[] = [
  { id: 'trainLoss', title: 'Train loss', read: (p) => p.trainLoss, format: loss, isLoss: true },
  { id: 'valLoss', title: 'Val loss', read: (p) => p.valLoss, format: loss, isLoss: true },
  { id: 'tokensPerSec', title: 'Tokens/s', read: (p) => p.tokensPerSec, format: formatCount, isLoss: false },
  // MFU on a software GPU is a tiny fraction: three significant digits, not two decimals.
  {
    id: 'mfu',
    title: 'MFU',
    read: (p) => p.mfu ?? undefined,
    format: (n) => `${formatSignificant(n * 100)}%`,
    isLoss: false,
  },
  { id: 'peakBytes', title: 'Peak memory', read: (p) => p.peakBytes, format: formatBytes, isLoss: false },
  { id: 'paramBytes', title: 'Parameter memory', read: (p) => p.paramBytes, format: formatBytes, isLoss: false },
  {
    id: 'optimizerStateBytes',
    title: 'Optimizer state',
    read: (p) => p.optimizerStateBytes,
    format: formatBytes,
    isLoss: false,
  },
  { id: 'gradNorm', title: 'Grad norm', read: (p) => p.gradNorm, format: (n) => formatSignificant(n), isLoss: false },
  { id: 'lr', title: 'Learning rate', read: (p) => p.lr, format: (n) => n.toExponential(2), isLoss: false },
];

const pick = (...ids: string[]) => ids.map((id) => CHART_METRICS.find((m) => m.id === id) as ChartMetric);

/** The charts on screen: memory is one chart with a choice of which bytes, so the grid stays small. */
export const CHART_GROUPS: { title: string; choices: ChartMetric[] }[] = [
  { title: 'Train loss', choices: pick('trainLoss') },
  { title: 'Val loss', choices: pick('valLoss') },
  { title: 'Tokens/s', choices: pick('tokensPerSec') },
  { title: 'MFU', choices: pick('mfu') },
  { title: 'Memory', choices: pick('peakBytes', 'paramBytes', 'optimizerStateBytes') },
  { title: 'Grad norm', choices: pick('gradNorm') },
  { title: 'Learning rate', choices: pick('lr') },
];
