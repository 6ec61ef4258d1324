// An experiment's sweep as data for its plots (pure; the UI's sweep panel and the report draw it, docs/design.md §3):
// the swept keys, the variants the sweep crosses (the runs' configs without the seed and the swept keys), and each
// finished run's final validation loss at its sweep point. With one swept key, each variant's curve: per value, the
// mean over seeds and its 95% interval (seed-bands.ts, the charts' statistics), and how many seeds diverged there.
// With a ladder, one sweep per rung.
import { flattenConfig, isImpliedValue, shortenConfigKey, type ConfigLeaf } from '../config/labels';
import { readSweepPointKeys } from '../config/plan';
import type { Config } from '../config/schema';
import type { RunData } from '../record';
import { aggregateSeeds, type SeedPoint } from './seed-bands';
import { summarizeRun } from './summary';
import { variantName } from './units';

/** A swept key's values, as the runs hold them. */
export interface SweepAxis {
  /** The dotted config key, e.g. "optimizer.learningRate". */
  key: string;
  /** Its distinct values: ascending when all are numbers, else in order of first appearance. */
  values: ConfigLeaf[];
  numeric: boolean;
  /** Numbers all > 0 spanning ≥ 10× (a learning rate): drawn on a log axis. */
  log: boolean;
}

/** A finished run at its sweep point. */
export interface SweepRun {
  /** Its index in the runs given. */
  index: number;
  /** Its variant's index in SweepPlot.variants. */
  variant: number;
  seed: number;
  /** Its value of each axis. */
  point: ConfigLeaf[];
  /** Final validation loss; null for a diverged run. */
  finalValLoss: number | null;
  diverged: boolean;
}

/** One value of a single swept key, for one variant: the mean over the seeds that finished there, not diverged. */
export interface SweepCurvePoint {
  /** Index into the axis' values. */
  at: number;
  /** Mean final val loss; null where every seed diverged. */
  mean: number | null;
  /** The mean's 95% interval; absent with fewer than two finite seeds. */
  lo?: number;
  hi?: number;
  /** Seeds with a finite final val loss here. */
  n: number;
  /** Seeds that diverged here. */
  diverged: number;
}

export interface SweepVariant {
  /** Its first run's name without the sweep point, rung and seed: "lr-sensitivity · bias". */
  name: string;
  /** Index (in the runs given) of its first run: whose colour it takes. */
  firstRun: number;
  /** Distinct seeds among its finished runs. */
  seeds: number;
  /** With one swept key: a point per value it has a finished run at, in the axis' order. */
  curve: SweepCurvePoint[];
}

export interface SweepPlot {
  /** The ladder rung, when the experiment has one. */
  rung: { index: number; name: string } | null;
  axes: SweepAxis[];
  variants: SweepVariant[];
  runs: SweepRun[];
  /** Runs left out: still queued, training, paused, stopped or failed, or finished without a validation loss. */
  leftOut: number;
}

/** A swept value's span at which the axis goes log (a learning-rate grid spans 100×). */
const LOG_SPAN = 10;
/** Statuses whose final loss is final. */
const FINISHED = new Set(['done', 'diverged']);

/** The dotted key a shortened one stands for ("dModel" → "model.dModel"), or null when the config has none. */
function expandKey(short: string, flat: Record<string, ConfigLeaf>): string | null {
  return Object.keys(flat).find((key) => shortenConfigKey(key) === short) ?? null;
}

/** The swept keys of an experiment's runs: those their names give a sweep point of and whose values vary. */
export function findSweptKeys(runs: readonly Pick<RunData, 'record'>[]): string[] {
  const flats = runs.map((r) => flattenConfig(r.record.config));
  const shorts = new Set(runs.flatMap((r) => readSweepPointKeys(r.record.name)));
  const keys: string[] = [];
  for (const short of shorts) {
    const key = flats.length ? expandKey(short, flats[0]!) : null;
    if (key && new Set(flats.map((f) => f[key])).size > 1) keys.push(key);
  }
  return keys;
}

function buildAxis(key: string, values: ConfigLeaf[]): SweepAxis {
  const distinct = [...new Set(values)];
  const numeric = distinct.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (!numeric) return { key, values: distinct, numeric, log: false };
  const sorted = (distinct as number[]).sort((a, b) => a - b);
  const log = sorted[0]! > 0 && sorted.at(-1)! / sorted[0]! >= LOG_SPAN;
  return { key, values: sorted, numeric, log };
}

/** What a variant's runs share: the config without the seed and the swept keys, and with the keys parseConfig
 *  derives (kvHeads, maxPositions) as "implied" where they hold the derived value, as a swept seqLen moves them. */
function variantKey(config: Config, swept: readonly string[]): string {
  const flat = flattenConfig(config);
  delete flat['train.seed'];
  for (const key of swept) delete flat[key];
  for (const key of Object.keys(flat)) if (isImpliedValue(key, config)) flat[key] = 'implied';
  return JSON.stringify(flat);
}

/** "x · bias · optimizer.learningRate=0.01 · d32 · seed 1" → "x · bias": without sweep point, rung and seed. */
function nameWithoutPoint(name: string, rung?: string): string {
  const parts = variantName(name)
    .split(' · ')
    .filter((part) => part !== rung && readSweepPointKeys(part).length === 0);
  return parts.join(' · ') || 'base';
}

/** A variant's curve over one axis: per value, the mean and 95% interval over its seeds' finite final losses. */
function buildCurve(runs: readonly SweepRun[], axis: SweepAxis): SweepCurvePoint[] {
  const at = (r: SweepRun) => axis.values.indexOf(r.point[0]);
  const bySeed = new Map<number, SeedPoint[]>();
  for (const r of runs) {
    const y = r.finalValLoss ?? Number.NaN; // a diverged seed is no sample of the mean
    bySeed.set(r.seed, [...(bySeed.get(r.seed) ?? []), { at: at(r), x: at(r), y }]);
  }
  for (const points of bySeed.values()) points.sort((a, b) => a.at - b.at);
  const band = aggregateSeeds([...bySeed.values()]);
  const curve: SweepCurvePoint[] = [];
  axis.values.forEach((_, k) => {
    const here = runs.filter((r) => at(r) === k);
    if (here.length === 0) return;
    const b = band.find((p) => p.x === k);
    const diverged = here.filter((r) => r.diverged).length;
    curve.push(
      b ? { at: k, mean: b.mean, lo: b.lo, hi: b.hi, n: b.n, diverged } : { at: k, mean: null, n: 0, diverged },
    );
  });
  return curve;
}

/** The sweep of one rung's runs (or of all, without a ladder). */
function buildPlot(
  runs: readonly RunData[],
  indexes: readonly number[],
  keys: readonly string[],
  rung: SweepPlot['rung'],
): SweepPlot | null {
  const finished: { index: number; loss: number | null; diverged: boolean }[] = [];
  for (const i of indexes) {
    const r = runs[i]!;
    if (!FINISHED.has(r.record.status)) continue;
    const loss = summarizeRun(r).finalValLoss;
    // NaN is how a record keeps a loss that blew up; null is a run that never evaluated.
    const diverged = r.record.status === 'diverged' || (loss !== null && !Number.isFinite(loss));
    if (diverged || loss !== null) finished.push({ index: i, loss: diverged ? null : loss, diverged });
  }
  if (finished.length === 0) return null;
  const flats = new Map(finished.map((f) => [f.index, flattenConfig(runs[f.index]!.record.config)]));
  const axes = keys.map((key) =>
    buildAxis(
      key,
      finished.map((f) => flats.get(f.index)![key]),
    ),
  );
  const variants: SweepVariant[] = [];
  const variantOf = new Map<string, number>();
  const sweepRuns = finished.map((f): SweepRun => {
    const { record } = runs[f.index]!;
    const vKey = variantKey(record.config, keys);
    if (!variantOf.has(vKey)) {
      variantOf.set(vKey, variants.length);
      variants.push({ name: nameWithoutPoint(record.name, rung?.name), firstRun: f.index, seeds: 0, curve: [] });
    }
    return {
      index: f.index,
      variant: variantOf.get(vKey)!, // set just above
      seed: record.seed,
      point: keys.map((key) => flats.get(f.index)![key]),
      finalValLoss: f.loss,
      diverged: f.diverged,
    };
  });
  variants.forEach((v, k) => {
    const own = sweepRuns.filter((r) => r.variant === k);
    v.seeds = new Set(own.map((r) => r.seed)).size;
    if (axes.length === 1) v.curve = buildCurve(own, axes[0]!);
  });
  return { rung, axes, variants, runs: sweepRuns, leftOut: indexes.length - finished.length };
}

/**
 * The sweeps of one experiment's runs: one per ladder rung (one without a ladder), none when the runs sweep no key.
 * The runs must be of one experiment: runs of two would be read as one sweep.
 */
export function findSweeps(runs: readonly RunData[]): SweepPlot[] {
  const keys = findSweptKeys(runs);
  if (keys.length === 0) return [];
  const rungs = new Map<number, { name: string; indexes: number[] }>();
  runs.forEach((r, i) => {
    const k = r.record.rung?.index ?? -1;
    const entry = rungs.get(k) ?? { name: r.record.rung?.name ?? '', indexes: [] };
    entry.indexes.push(i);
    rungs.set(k, entry);
  });
  return [...rungs.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([index, entry]) => {
      const plot = buildPlot(runs, entry.indexes, keys, index < 0 ? null : { index, name: entry.name });
      return plot ? [plot] : [];
    });
}

/** "Final validation loss vs optimizer.learningRate · rung d32". */
export function titleSweep(plot: SweepPlot): string {
  const what = plot.axes.length === 1 ? `vs ${plot.axes[0]!.key}` : `over ${plot.axes.length} swept keys`;
  return `Final validation loss ${what}${plot.rung ? ` · rung ${plot.rung.name}` : ''}`;
}

/**
 * Each variant's colour: its first run's, as the other charts draw that run, when those colours all differ; else the
 * palette's by variant index (a sweep's points are each a variant of their own elsewhere, so first runs may share a
 * colour, told apart there only by a dash), since two variants in one colour would read as one line.
 */
export function pickSweepColours(firstRunColours: readonly string[], palette: readonly string[]): string[] {
  if (new Set(firstRunColours).size === firstRunColours.length) return [...firstRunColours];
  return firstRunColours.map((_, k) => palette[k % palette.length]!);
}
