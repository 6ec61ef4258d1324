// Runs grouped by the experiment they were queued or imported with (pure), each group with its own baseline: the
// run whose label is "" (the experiment's base), else its first run; with seeds, the base of each seed. Progress
// figures of a training run too.
import { median } from '../../../core/metrics';
import type { MetricPoint } from '../../../core/record';
import type { RunEntry } from '../store/types';

export interface RunGroup {
  id: string;
  name: string;
  runIds: string[];
  baselineId: string;
}

/** A run's name inside its experiment, without the experiment's prefix: "mha-vs-mqa · mha" → "mha". */
export function nameInExperiment(name: string, experiment: string): string {
  const prefix = `${experiment} · `;
  return name.startsWith(prefix) && name.length > prefix.length ? name.slice(prefix.length) : name;
}

/** Groups in the order their first run was queued; runs without an experiment each form their own. */
export function groupRuns(entries: readonly RunEntry[]): RunGroup[] {
  const groups = new Map<string, RunGroup>();
  for (const e of entries) {
    const id = e.experiment?.id ?? `run:${e.record.id}`;
    const group = groups.get(id) ?? { id, name: e.experiment?.name ?? e.record.name, runIds: [], baselineId: '' };
    group.runIds.push(e.record.id);
    groups.set(id, group);
  }
  const byId = new Map(entries.map((e) => [e.record.id, e]));
  return [...groups.values()].map((g) => ({
    ...g,
    baselineId: g.runIds.find((id) => byId.get(id)?.record.label === '') ?? g.runIds[0]!, // a group has a run
  }));
}

/**
 * The baseline each run is compared with: the chosen run, or its own experiment's base, trained with the same seed
 * when the experiment repeats seeds (a paired comparison, as the verdicts make it).
 */
export function findBaselines(entries: readonly RunEntry[], chosenId: string | null): Map<string, string> {
  const out = new Map<string, string>();
  const chosen = chosenId && entries.some((e) => e.record.id === chosenId) ? chosenId : null;
  const byId = new Map(entries.map((e) => [e.record.id, e]));
  for (const g of groupRuns(entries)) {
    const baseBySeed = new Map<number, string>();
    for (const id of g.runIds) {
      const r = byId.get(id)?.record;
      if (r?.label === '' && !baseBySeed.has(r.seed)) baseBySeed.set(r.seed, id);
    }
    for (const id of g.runIds) {
      const seed = byId.get(id)?.record.seed ?? NaN;
      out.set(id, chosen ?? baseBySeed.get(seed) ?? g.baselineId);
    }
  }
  return out;
}

export interface Progress {
  step: number;
  steps: number;
  /** From the median step time of the last logged points; null before any. */
  stepsPerSec: number | null;
  etaMs: number | null;
}

const RECENT_POINTS = 10;

/**
 * Steps/s from the wall time over the last logged points (evaluations and checkpoints included, so the ETA holds),
 * or from the logged step time while there is a single point.
 */
export function describeProgress(metrics: readonly MetricPoint[], steps: number): Progress {
  const last = metrics.at(-1);
  const step = last?.step ?? 0;
  const first = metrics[Math.max(0, metrics.length - 1 - RECENT_POINTS)];
  let msPerStep: number | null = null;
  if (last && first && last.step > first.step && last.wallMs > first.wallMs)
    msPerStep = (last.wallMs - first.wallMs) / (last.step - first.step);
  else if (last) msPerStep = median(metrics.map((p) => p.stepMs).filter((ms) => ms > 0));
  if (!msPerStep) return { step, steps, stepsPerSec: null, etaMs: null };
  return { step, steps, stepsPerSec: 1000 / msPerStep, etaMs: Math.max(0, steps - step) * msPerStep };
}
