// Seeds per run (issue 12's repeats): the count read from the builder's field, and every planned run once per seed
// (core/config's repeatRuns: train.seed, +1, …, the same seeds for every variant, so verdicts pair runs by seed).
import { repeatRuns } from '../../../core/config';
import type { AblationRun } from './ablations';

/** The experiment spec's limit (core/config/experiment.ts). */
export const MAX_SEEDS = 50;

export type SeedCount = { ok: true; seeds: number } | { ok: false; message: string };

export function readSeedCount(text: string): SeedCount {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(n) || n < 1 || n > MAX_SEEDS)
    return { ok: false, message: `must be a whole number from 1 to ${MAX_SEEDS} (got "${text}")` };
  return { ok: true, seeds: n };
}

/** Seed-major, as the CLI runs them; with more than one seed each name says its seed. */
export function planSeeds(runs: AblationRun[], seeds: number): AblationRun[] {
  if (seeds === 1) return runs;
  return repeatRuns(runs, seeds).map((r) => ({ ...r, name: `${r.name} · seed ${r.config.train.seed}` }));
}

/** The variant a seeded run's name stands for: "x · mha · seed 2" → "x · mha". */
export { variantName as withoutSeed } from '../../../core/report/units';
