// Main effects of a full 2^k factorial grid (issue 12 §5): each switch's effect averaged over the levels of the
// other switches, per seed, with the 95% t-interval over seeds. A grid's one arbitrary pair says less than this.
import {
  flattenConfig,
  formatConfigValue,
  listConfigChanges,
  shortenConfigKey,
  type ConfigLeaf,
} from '../config/labels';
import { tInterval } from '../metrics/statistics';
import type { RunData } from '../record';
import { readRunMetric } from './evidence';
import { groupUnits, type Unit } from './units';

export interface MainEffect {
  /** The switch's key (model.* keys bare) and its two levels, the grid's first cell's first. */
  factor: string;
  from: string;
  to: string;
  /** Mean over seeds of (mean final val loss at `to` − mean at `from`), averaged over the other switches. */
  delta: number;
  ci95: [number, number] | null;
  n: number;
}

/** The key → value assignment of each cell, when the cells form a full 2^k grid with k ≥ 2; otherwise null. */
function readGrid(cells: Unit[]): { factors: string[]; levels: ConfigLeaf[][]; at: number[][] } | null {
  const first = cells[0];
  if (!first || cells.length < 4) return null;
  const order = Object.keys(flattenConfig(first.config));
  const factors = [
    ...new Set(cells.flatMap((c) => listConfigChanges(first.config, c.config).map((ch) => ch.key))),
  ].sort((a, b) => order.indexOf(a) - order.indexOf(b)); // schema order
  const flat = (c: Unit, key: string) => {
    const [section, leaf] = key.split('.') as [string, string]; // flattenConfig keys are "section.leaf"
    return (c.config as unknown as Record<string, Record<string, ConfigLeaf>>)[section]![leaf]!;
  };
  const levels = factors.map((f) => [...new Set(cells.map((c) => flat(c, f)))]);
  if (factors.length < 2 || levels.some((l) => l.length !== 2) || cells.length !== 2 ** factors.length) return null;
  const at = cells.map((c) => factors.map((f, j) => levels[j]!.indexOf(flat(c, f))));
  if (new Set(at.map((a) => a.join())).size !== cells.length) return null;
  return { factors, levels, at };
}

/**
 * Each factor's main effect on the final val loss, or [] when the runs are not a full two-level grid of one
 * experiment (`experimentOf` names each run's when the runs span several).
 */
export function computeMainEffects(runs: RunData[], experimentOf?: (run: RunData) => string): MainEffect[] {
  if (experimentOf && new Set(runs.map(experimentOf)).size > 1) return [];
  const cells = groupUnits(runs);
  if (cells.some((c) => c.lrSweep)) return [];
  const grid = readGrid(cells);
  if (!grid) return [];
  const seeds = [...(cells[0]?.bySeed.keys() ?? [])].filter((s) => cells.every((c) => c.bySeed.has(s)));
  const loss = (c: Unit, seed: number) => readRunMetric(c.bySeed.get(seed)![0]!, 'finalValLoss');
  return grid.factors.flatMap((factor, j) => {
    const perSeed = seeds.flatMap((seed) => {
      const sides = [0, 1].map((level) => cells.filter((_, i) => grid.at[i]![j] === level).map((c) => loss(c, seed)));
      if (sides.some((side) => side.some((v) => v === null || !Number.isFinite(v)))) return [];
      const avg = (xs: (number | null)[]) => xs.reduce<number>((s, x) => s + (x as number), 0) / xs.length;
      return [avg(sides[1]!) - avg(sides[0]!)];
    });
    if (perSeed.length === 0) return [];
    const stats = tInterval(perSeed);
    return {
      factor: shortenConfigKey(factor),
      from: formatConfigValue(grid.levels[j]![0]!), // two levels per factor (readGrid)
      to: formatConfigValue(grid.levels[j]![1]!),
      delta: stats.delta,
      ci95: stats.ci95,
      n: stats.n,
    };
  });
}
