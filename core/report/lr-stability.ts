// Where instability starts (docs/evidence.md, Where instability starts): per ladder rung and variant, over a swept
// learning rate with seeds pooled, the best final val loss and the smallest rate above the best one at which a run
// diverges or the mean final loss exceeds the best by a margin, with the diagnostics Wortsman et al. (2023, §3) watch
// there: the largest attention logit (growth fixed by qk-layernorm) and |log Z| (output divergence, fixed by z-loss).
import type { RunData } from '../record';
import { finite, type ExperimentOf } from './evidence';
import { summarizeRun } from './summary';
import { familyName, lrFamilyKey, MIN_SWEEP_RATES, variantName } from './units';

/** Nats above the best final val loss from which a rate counts as unstable, unless the spec sets instabilityMargin:
 *  about the spread of a final loss over seeds at the toy size, so noise alone rarely crosses it. */
export const DEFAULT_INSTABILITY_MARGIN = 0.1;

/** One swept rate of a rung × variant, its seeds pooled. */
export interface LrGridPoint {
  lr: number;
  /** Mean final val loss over the seeds that ended with one and did not diverge; null when none did. */
  meanLoss: number | null;
  seeds: number;
  /** Seeds whose run diverged (status 'diverged', or a non-finite final val loss). */
  diverged: number;
  /** Largest over the seeds' logged points: the attention logit q·k/√Dh, and |mean log Z|; null when not logged. */
  maxAttnLogit: number | null;
  maxLogZ: number | null;
}

export interface LrStability {
  rung: { index: number; name: string } | null;
  /** The family's parameters (the rate changes nothing of its size). */
  params: number;
  variant: string;
  /** Distinct seeds over the grid. */
  seeds: number;
  margin: number;
  /** Every swept rate, lowest first: the loss-vs-LR line. */
  grid: LrGridPoint[];
  /** The rate with the lowest mean final loss among those where no seed diverged; null when every rate diverged. */
  bestLr: number | null;
  bestLoss: number | null;
  /** The smallest rate above bestLr that diverged or lost more than margin; null: stable over the whole grid. */
  unstableLr: number | null;
  reason: 'diverged' | 'loss' | null;
  /** The diagnostics at unstableLr, else at the grid's highest rate (where instability would show first). */
  diagnosticsLr: number | null;
  maxAttnLogit: number | null;
  maxLogZ: number | null;
}

/** The largest finite value of a key over the runs' logged points (absolute values with `abs`), or null. */
function maxLogged(runs: readonly RunData[], key: 'maxAttnLogit' | 'meanLogZ', abs: boolean): number | null {
  let max: number | null = null;
  for (const r of runs) {
    for (const p of r.metrics) {
      const v = p[key];
      if (finite(v)) max = Math.max(max ?? -Infinity, abs ? Math.abs(v) : v);
    }
  }
  return max;
}

function isDiverged(run: RunData, finalLoss: number | null): boolean {
  return run.record.status === 'diverged' || (typeof finalLoss === 'number' && !Number.isFinite(finalLoss));
}

function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}

/** The family's runs pooled per rate, lowest rate first. */
function poolGrid(family: readonly RunData[]): LrGridPoint[] {
  return [...groupBy(family, (r) => r.record.config.optimizer.learningRate)]
    .sort(([a], [b]) => a - b)
    .map(([lr, runs]) => {
      const losses = runs.map((r) => summarizeRun(r).finalValLoss);
      const diverged = runs.filter((r, i) => isDiverged(r, losses[i]!)).length;
      const kept = losses.filter((l, i) => finite(l) && !isDiverged(runs[i]!, l)) as number[];
      return {
        lr,
        meanLoss: kept.length ? kept.reduce((s, l) => s + l, 0) / kept.length : null,
        seeds: runs.length,
        diverged,
        maxAttnLogit: maxLogged(runs, 'maxAttnLogit', false),
        maxLogZ: maxLogged(runs, 'meanLogZ', true),
      };
    });
}

/** The threshold over a pooled grid (lowest rate first): best rate, then the first unstable rate above it. */
export function findThreshold(
  grid: readonly LrGridPoint[],
  margin: number,
): Pick<LrStability, 'bestLr' | 'bestLoss' | 'unstableLr' | 'reason'> {
  let best: LrGridPoint | null = null;
  for (const g of grid) {
    // Ties keep the lower rate: the threshold is then searched over more of the grid.
    if (g.diverged === 0 && g.meanLoss !== null && (best === null || g.meanLoss < best.meanLoss!)) best = g;
  }
  if (best === null) return { bestLr: null, bestLoss: null, unstableLr: null, reason: null };
  const bestLoss = best.meanLoss!; // chosen only with a mean loss
  for (const g of grid) {
    if (g.lr <= best.lr) continue;
    if (g.diverged > 0) return { bestLr: best.lr, bestLoss, unstableLr: g.lr, reason: 'diverged' };
    if (g.meanLoss !== null && g.meanLoss > bestLoss + margin)
      return { bestLr: best.lr, bestLoss, unstableLr: g.lr, reason: 'loss' };
  }
  return { bestLr: best.lr, bestLoss, unstableLr: null, reason: null };
}

/** "bias · d32" at rung d32 -> "bias": the rung is its own column. */
function stripRung(name: string, rung: { name: string } | null): string {
  const suffix = rung ? ` · ${rung.name}` : '';
  return suffix && name.endsWith(suffix) ? name.slice(0, -suffix.length) || name : name;
}

function measureFamily(family: readonly RunData[], margin: number): LrStability {
  const first = family[0]!; // groupBy makes no empty group
  const rung = first.record.rung ?? null;
  const grid = poolGrid(family);
  const threshold = findThreshold(grid, margin);
  const at = grid.find((g) => g.lr === threshold.unstableLr) ?? grid.at(-1) ?? null;
  return {
    rung,
    params: family.map((r) => summarizeRun(r).params).find(finite) ?? Number.NaN,
    variant: stripRung(familyName(variantName(first.record.name)), rung),
    seeds: new Set(family.map((r) => r.record.seed)).size,
    margin,
    grid,
    ...threshold,
    diagnosticsLr: at?.lr ?? null,
    maxAttnLogit: at?.maxAttnLogit ?? null,
    maxLogZ: at?.maxLogZ ?? null,
  };
}

export interface LrStabilityOptions {
  experimentOf?: ExperimentOf;
  /** Nats above the best final loss; DEFAULT_INSTABILITY_MARGIN when absent. */
  margin?: number;
}

/**
 * Each LR family's threshold (a family: runs differing only in a learning rate swept over ≥ 3 values and their seed),
 * rung by rung, the base's family first, then in the order the families first appear. Runs stopped, still going or
 * failed are left out: they have no final loss, and a failure is no instability.
 */
export function computeLrStability(runs: readonly RunData[], options: LrStabilityOptions = {}): LrStability[] {
  const margin = options.margin ?? DEFAULT_INSTABILITY_MARGIN;
  const ended = runs.filter((r) => r.record.status === 'done' || r.record.status === 'diverged');
  const experiments = groupBy(ended, (r) => options.experimentOf?.(r) ?? '');
  // Grouped as units.ts groups LR families, but a run that diverged before its first logged point stays in.
  return (
    [...experiments.values()]
      .flatMap((group) => [...groupBy(group, (r) => lrFamilyKey(r.record.config)).values()])
      .filter((family) => new Set(family.map((r) => r.record.config.optimizer.learningRate)).size >= MIN_SWEEP_RATES)
      .map((family) => ({ row: measureFamily(family, margin), base: family.some((r) => r.record.label === '') }))
      // Rung by rung, the experiment's base first (its run at the base's own rate has no label), so a report over
      // folders (read in name order) lists the rows as `run`'s own report does.
      .sort((a, b) => (a.row.rung?.index ?? -1) - (b.row.rung?.index ?? -1) || Number(b.base) - Number(a.base))
      .map(({ row }) => row)
  );
}
