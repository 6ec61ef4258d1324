// What the charts can draw: each metric's title and unit, how to read it from a MetricPoint, how to print a value,
// and whether it is smoothed (training loss, the per-step rates) or drawn as logged with markers (validation loss).
import { formatBytes, formatCount, formatSignificant } from '../../../core/report';
import type { MetricPoint } from '../../../core/record';
import type { UnitKind } from './units';

export type XAxisKey = 'step' | 'tokens' | 'wallMs';

export interface XAxisChoice {
  key: XAxisKey;
  /** The select's label. */
  label: string;
  /** The axis title before its unit. */
  title: string;
  unitKind: UnitKind;
}

export const X_AXES: XAxisChoice[] = [
  { key: 'step', label: 'step', title: 'Step', unitKind: 'count' },
  { key: 'tokens', label: 'tokens', title: 'Tokens', unitKind: 'count' },
  { key: 'wallMs', label: 'wall time', title: 'Wall time', unitKind: 'seconds' },
];

/** wall time is stored in ms and shown in seconds (or minutes, by the axis unit). */
export function readX(p: MetricPoint, axis: XAxisKey): number {
  return axis === 'wallMs' ? p.wallMs / 1000 : p[axis];
}

export interface ChartMetric {
  id: string;
  title: string;
  read: (p: MetricPoint) => number | undefined;
  /** A value in the tooltip, with its unit. */
  format: (n: number) => string;
  unitKind: UnitKind;
  /** The quantity's own unit after the scale, e.g. "nats"; "" when the scale says it all. */
  baseUnit: string;
  /** Losses may be drawn on a log scale; rates and sizes start their axis at zero. */
  isLoss: boolean;
  /** Smoothed with the EMA slider (training loss, per-step rates); otherwise drawn exactly as logged. */
  smoothable: boolean;
  /** Few points (one per evaluation): each is marked. */
  markers: boolean;
}

const loss = (n: number) => n.toFixed(3);
const percent = (n: number) => `${formatSignificant(n * 100)}%`;

const metric = (m: Omit<ChartMetric, 'smoothable' | 'markers'> & Partial<ChartMetric>): ChartMetric => ({
  smoothable: false,
  markers: false,
  ...m,
});

const CHART_METRICS: ChartMetric[] = [
  metric({
    id: 'trainLoss',
    title: 'Train loss',
    read: (p) => p.trainLoss,
    format: loss,
    unitKind: 'plain',
    baseUnit: 'nats',
    isLoss: true,
    smoothable: true,
  }),
  // A handful of evaluations: smoothing them would lag the last one far behind the table's final value.
  metric({
    id: 'valLoss',
    title: 'Val loss',
    read: (p) => p.valLoss,
    format: loss,
    unitKind: 'plain',
    baseUnit: 'nats',
    isLoss: true,
    markers: true,
  }),
  metric({
    id: 'tokensPerSec',
    title: 'Tokens/s',
    read: (p) => p.tokensPerSec,
    format: formatCount,
    unitKind: 'count',
    baseUnit: '',
    isLoss: false,
    // Per-step rates jump with every other process on the machine: the slider's EMA makes the trend readable.
    smoothable: true,
  }),
  metric({
    id: 'mfu',
    title: 'MFU',
    read: (p) => p.mfu ?? undefined,
    format: percent,
    unitKind: 'percent',
    baseUnit: '',
    isLoss: false,
    // Per-step rates jump with every other process on the machine: the slider's EMA makes the trend readable.
    smoothable: true,
  }),
  metric({
    id: 'peakBytes',
    title: 'Peak memory',
    read: (p) => p.peakBytes,
    format: formatBytes,
    unitKind: 'bytes',
    baseUnit: '',
    isLoss: false,
  }),
  metric({
    id: 'paramBytes',
    title: 'Parameter memory',
    read: (p) => p.paramBytes,
    format: formatBytes,
    unitKind: 'bytes',
    baseUnit: '',
    isLoss: false,
  }),
  metric({
    id: 'optimizerStateBytes',
    title: 'Optimizer state',
    read: (p) => p.optimizerStateBytes,
    format: formatBytes,
    unitKind: 'bytes',
    baseUnit: '',
    isLoss: false,
  }),
  metric({
    id: 'gradNorm',
    title: 'Grad norm',
    read: (p) => p.gradNorm,
    format: (n) => formatSignificant(n),
    unitKind: 'plain',
    baseUnit: '',
    isLoss: false,
    // Each batch's own noise: the slider's EMA shows the trend.
    smoothable: true,
  }),
  metric({
    id: 'lr',
    title: 'Learning rate',
    read: (p) => p.lr,
    format: (n) => formatSignificant(n),
    unitKind: 'rate',
    baseUnit: '',
    isLoss: false,
  }),
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

/** What MFU is measured against for these runs: each backend's calibrated peak, the config's nominal one, or both. */
export function describeMfuPeak(peakTflops: readonly (number | null)[]): string {
  const nominal = peakTflops.filter((p) => p !== null).length;
  if (nominal === 0) return 'of the calibrated peak';
  if (nominal === peakTflops.length) return 'of the nominal peak (train.peakTflops)';
  return 'of each run’s peak: calibrated, or nominal where set';
}
