// The units a comparison pairs (docs/cli.md, Verdicts): runs with the same config but their seed form a cell; cells
// that differ only in a learning rate swept over ≥ 3 values form one LR family (a point of an LR-sensitivity curve
// each).
import type { Config } from '../config/schema';
import { shortenConfigKey } from '../config/labels';
import type { RunData } from '../record';

export interface Unit {
  /** The run name, without its learning-rate sweep point for an LR family. */
  name: string;
  /** The config with train.seed (and, for an LR family, the learning rate) zeroed: what pairs compare. */
  config: Config;
  /** Runs by seed: one per seed in a cell, one per rate and seed in an LR family. */
  bySeed: Map<number, RunData[]>;
  lrSweep: boolean;
}

const LR_KEY = 'optimizer.learningRate';
const LR_POINT = `${shortenConfigKey(LR_KEY)}=`;
/** Fewer rates than this are a comparison of rates, not a sensitivity curve. */
const MIN_SWEEP_RATES = 3;

function normalise(config: Config, dropLr: boolean): Config {
  return {
    ...config,
    train: { ...config.train, seed: 0 },
    optimizer: dropLr ? { ...config.optimizer, learningRate: 0 } : config.optimizer,
  };
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    out.set(k, [...(out.get(k) ?? []), item]);
  }
  return out;
}

function bySeed(runs: RunData[]): Map<number, RunData[]> {
  const out = new Map<number, RunData[]>();
  for (const r of runs) out.set(r.record.seed, [...(out.get(r.record.seed) ?? []), r]);
  return out;
}

const SEED_SUFFIX = / · seed -?\d+$/;

/** The variant a seeded run's name stands for: "x · mha · seed 2" → "x · mha" (a 3-seed mean is no seed's run). */
export function variantName(name: string): string {
  return name.replace(SEED_SUFFIX, '');
}

/** What the runs of one variant share: their config without the seed. */
export function variantConfigKey(config: Config): string {
  return JSON.stringify(normalise(config, false));
}

/** Each run's variant as an index in order of first appearance: runs whose configs differ only in the seed share one. */
export function variantIndexes(runs: readonly { record: { config: Config } }[]): number[] {
  const keys = new Map<string, number>();
  return runs.map((r) => {
    const key = variantConfigKey(r.record.config);
    if (!keys.has(key)) keys.set(key, keys.size);
    return keys.get(key)!; // set just above
  });
}

/** "bias · optimizer.learningRate=0.01" -> "bias"; a sweep of the base alone -> "base". */
function familyName(name: string): string {
  return (
    name
      .split(' · ')
      .map((part) =>
        part
          .split(', ')
          .filter((p) => !p.startsWith(LR_POINT))
          .join(', '),
      )
      .filter((p) => p !== '')
      .join(' · ') || 'base'
  );
}

/** Runs (with metrics) grouped into cells and LR families, in the order their first run appears. */
export function groupUnits(runs: RunData[]): Unit[] {
  const withData = runs.filter((r) => r.metrics.length > 0);
  const families = groupBy(withData, (r) => JSON.stringify(normalise(r.record.config, true)));
  const units: Unit[] = [];
  for (const members of families.values()) {
    const rates = new Set(members.map((r) => r.record.config.optimizer.learningRate));
    if (rates.size >= MIN_SWEEP_RATES) {
      units.push({
        name: familyName(variantName(members[0]!.record.name)), // groupBy makes no empty group
        config: normalise(members[0]!.record.config, true),
        bySeed: bySeed(members),
        lrSweep: true,
      });
      continue;
    }
    for (const cell of groupBy(members, (r) => JSON.stringify(normalise(r.record.config, false))).values()) {
      units.push({
        name: variantName(cell[0]!.record.name),
        config: normalise(cell[0]!.record.config, false),
        bySeed: bySeed(cell),
        lrSweep: false,
      });
    }
  }
  return units;
}

/**
 * The runs in reading order: rung by rung (smallest first), each variant's seeds together (variants in order of first
 * appearance), seeds ascending — so `run`'s report (planned seed by seed) and `report` over folders (name order, where
 * "d128" sorts before "d32") list a ladder alike.
 */
export function orderRuns<R extends { record: { config: Config; seed: number; rung?: { index: number } } }>(
  runs: readonly R[],
): R[] {
  const variants = variantIndexes(runs);
  const key = (i: number) => [runs[i]!.record.rung?.index ?? -1, variants[i]!, runs[i]!.record.seed];
  return runs
    .map((_, i) => i)
    .sort((a, b) => {
      const [ka, kb] = [key(a), key(b)];
      return ka[0]! - kb[0]! || ka[1]! - kb[1]! || ka[2]! - kb[2]! || a - b;
    })
    .map((i) => runs[i]!);
}
