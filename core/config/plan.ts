// The plan of an experiment spec (docs/design.md §2): what a parsed spec holds, and the runs it stands for — rung by
// rung (with a ladder), the base and each variant × each sweep point, then once per seed — each with its validated
// config and a label of how it differs from the base. Parsing and checking the spec is experiment.ts'.
import { parseConfig } from './parse';
import type { Config, ConfigInput } from './schema';
import { describeConfigDiff, formatConfigValue, shortenConfigKey, type ConfigLeaf } from './labels';
import { applyOverrides, type Overrides } from './overrides';
import { rungOverrides, type LadderRung, type RunRung } from './ladder';

export interface ExperimentVariant {
  name: string;
  overrides: Overrides;
}

export interface SweepAxis {
  key: string;
  values: unknown[];
}

/**
 * Runs are (the base, then each variant) × (each sweep point). Without a sweep: the base and each variant.
 * With a sweep: every one of those rows at every point of the sweep's cross product (axes vary slowest-first in
 * file order); a key may be set by variants or swept, not both.
 */
export interface Experiment {
  name: string;
  description: string;
  /** The paper's claim this experiment tests (docs/palm.md §1): the spec's own text, else its claims' (core/claims). */
  claim: string;
  /** Ids of the claims table (core/claims/claims.ts) this experiment tests; verdicts are given for these. */
  claims: string[];
  /** Seeds per run (train.seed, train.seed + 1, ...): the same seed list for every run, so runs pair by seed. */
  repeats: number;
  /** The run name of the unmodified base; "base" unless the spec names it. */
  baseName: string;
  /** The base as written: overrides apply to it before defaults are resolved, so derived keys follow them. */
  base: ConfigInput;
  variants: ExperimentVariant[];
  sweep: SweepAxis[];
  /** Model sizes, each with its token budget: every run above runs at every rung (empty: no ladder). */
  ladder: LadderRung[];
  /** The val loss time-to-target aims at; absent: each pair's worse final loss (docs/evidence.md, Method). */
  targetLoss?: number;
  /** Nats above the best final loss from which a swept learning rate counts as unstable; absent: the report's
   *  default (docs/evidence.md, Where instability starts). */
  instabilityMargin?: number;
}

export interface ExperimentRun {
  name: string;
  /** How the run differs from the base, e.g. "attention: mqa→mha"; "" for the base itself. */
  label: string;
  config: Config;
  /** The ladder rung it runs at, when the experiment has a ladder. */
  rung?: RunRung;
}

/** One run of a plan: its name and its overrides of the base, before they are checked. */
export interface PlannedRun {
  name: string;
  overrides: Overrides;
  /** Index into variants, or null for the base row. */
  variant: number | null;
  /** Value index per sweep axis. */
  point: number[];
  /** Index into the ladder, or null without one. */
  rung: number | null;
}

function sweepPoints(sweep: SweepAxis[]): number[][] {
  return sweep.reduce<number[][]>((points, axis) => points.flatMap((p) => axis.values.map((_, j) => [...p, j])), [[]]);
}

function nameSweepPoint(sweep: SweepAxis[], point: number[]): string {
  return sweep
    .map((axis, a) => `${shortenConfigKey(axis.key)}=${formatConfigValue(axis.values[point[a]!] as ConfigLeaf)}`)
    .join(', ');
}

/** A name part of nameSweepPoint's form: "key=value" pieces joined by ", ". */
const SWEEP_PIECE = /^([A-Za-z_][\w.]*)=./;

/**
 * The (shortened) keys a run name's sweep point names, read back from nameSweepPoint's form: "bias ·
 * optimizer.learningRate=0.01, dModel=64 · seed 1" → ["optimizer.learningRate", "dModel"]. A name part counts only
 * when every one of its comma-separated pieces is "key=value".
 */
export function readSweepPointKeys(name: string): string[] {
  const keys: string[] = [];
  for (const part of name.split(' · ')) {
    const pieces = part.split(', ').map((piece) => SWEEP_PIECE.exec(piece)?.[1]);
    if (pieces.every((key) => key !== undefined)) keys.push(...(pieces as string[]));
  }
  return keys;
}

export type PlanInput = Pick<Experiment, 'baseName' | 'variants' | 'sweep'> &
  Partial<Pick<Experiment, 'ladder' | 'base'>>;

/** The rows (base, then variants) at each rung, rung by rung; the rows themselves without a ladder. */
function ladderRows(exp: PlanInput): Omit<PlannedRun, 'point'>[] {
  const rows = [
    { name: exp.baseName, overrides: {}, variant: null as number | null },
    ...exp.variants.map((v, i) => ({ ...v, variant: i })),
  ];
  if (!exp.ladder?.length) return rows.map((r) => ({ ...r, rung: null }));
  return exp.ladder.flatMap((rung, k) => {
    const sized = rungOverrides(rung, exp.base ?? {}, applyOverrides);
    return rows.map((r) => ({
      name: `${r.name} · ${rung.name}`,
      overrides: { ...sized, ...r.overrides },
      variant: r.variant,
      rung: k,
    }));
  });
}

/**
 * The runs of an experiment (or of the builder's switches, as rows): rung by rung (with a ladder), the base and each
 * variant × each sweep point.
 */
export function planRuns(exp: PlanInput): PlannedRun[] {
  const rows = ladderRows(exp);
  if (exp.sweep.length === 0) return rows.map((r) => ({ ...r, point: [] }));
  return rows.flatMap((row) =>
    sweepPoints(exp.sweep).map((point) => {
      const pointName = nameSweepPoint(exp.sweep, point);
      const sweepOverrides = Object.fromEntries(exp.sweep.map((axis, a) => [axis.key, axis.values[point[a]!]]));
      return {
        name: exp.variants.length === 0 && row.rung === null ? pointName : `${row.name} · ${pointName}`,
        overrides: { ...row.overrides, ...sweepOverrides },
        variant: row.variant,
        rung: row.rung,
        point,
      };
    }),
  );
}

/** Every run of an experiment, each with its validated config and a label of how it differs from the base. */
export function expandExperiment(exp: Experiment): ExperimentRun[] {
  const base = parseConfig(exp.base);
  return planRuns(exp).map((run) => {
    const config = parseConfig(applyOverrides(exp.base, run.overrides));
    if (run.rung === null) return { name: run.name, label: describeConfigDiff(base, config), config };
    // A ladder run's label says how it differs from the base at its own rung.
    const rung = exp.ladder[run.rung]!; // planRuns indexes exp.ladder
    const rungBase = parseConfig(applyOverrides(exp.base, rungOverrides(rung, exp.base, applyOverrides)));
    return {
      name: run.name,
      label: describeConfigDiff(rungBase, config),
      config,
      rung: { index: run.rung, name: rung.name },
    };
  });
}

/**
 * Every run once per seed: train.seed + r for r < repeats, seed-major (all runs at one seed, then the next), so a
 * slow patch of a shared machine falls on every variant alike. Names and labels stay; runs pair by seed.
 */
export function repeatRuns(runs: ExperimentRun[], repeats: number): ExperimentRun[] {
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`repeats must be an integer ≥ 1 (got ${repeats})`);
  return Array.from({ length: repeats }, (_, r) =>
    runs.map((run) => ({
      ...run,
      config: { ...run.config, train: { ...run.config.train, seed: run.config.train.seed + r } },
    })),
  ).flat();
}
