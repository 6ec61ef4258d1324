// Verdict cards per experiment (pure): the finished runs of each experiment group judged by core/report's evidence
// functions, one card per claim a pair of its runs tests: verdict, each effect's Δ ± 95% interval over n seeds (a
// speed: over the rounds of the experiment's interleaved bench), and the scale the verdict holds at. The claim texts come from the claims table through the same functions.
import { findClaim } from '../../../core/claims';
import {
  formatCount,
  formatInterval,
  judgeClaims,
  NEEDS_BENCH_NOTE,
  TIMED_APART_NOTE,
  type ClaimEffect,
  type ClaimResult,
  type Margins,
} from '../../../core/report';
import { describeExpectation, describeScale } from '../../../core/report/claim-cards';
import { renderIntervalPlots } from '../../../core/report/interval-plot';
import { describeToTarget, showsToTarget } from '../../../core/report/scale-card';
import { describeDirection, explainVerdict, formatMargin } from '../../../core/report/plain-words';
import type { Verdict } from '../../../core/report/verdict';
import { withoutSeed } from '../builder/seeds';
import { groupRuns, nameInExperiment } from '../runs/groups';
import type { BenchRecord, RunEntry } from '../store/types';
import { benchSpeedsOf } from './bench-plan';

export interface EffectRow {
  metric: ClaimEffect['metric'];
  label: string;
  /** "final val loss: multi-head is 0.032 nats better [0.025, 0.040], 3 of 3 seeds" (core/report/plain-words.ts). */
  sentence: string;
  /** The verdict's reason, naming the margin: "a real difference: the interval lies outside ±0.02 nats". */
  why: string;
  /** "±0.05 nats" for a neutral or not-worse test, which the user may set; null for a directional one. */
  marginText: string | null;
  /** Shown, not judged: a speed of runs timed one after another. */
  timedApart: boolean;
  /** "mha 2.190 vs mqa 2.208" */
  sides: string;
  /** "Δ +0.012 [−0.004, +0.028]" */
  interval: string;
  n: number;
  verdict: Verdict;
  /** "neutral within ±0.05" or "PaLM better". */
  expectation: string;
  /** For the plot: Δ, its interval and a neutral test's margin, in the effect's own unit. */
  delta: number;
  ci95: [number, number] | null;
  margin: number | null;
}

export interface VerdictCard {
  key: string;
  groupId: string;
  experiment: string;
  claimId: string;
  title: string;
  claim: string;
  source: string;
  verdict: Verdict;
  effects: EffectRow[];
  /** The scale ladder's findings in words (each trend over model size), empty until the runs form a ladder. */
  ladder: string[];
  /** The interval plots, one self-contained SVG per unit (core/report/interval-plot.ts, as the report draws them). */
  plots: string;
  /** "at this scale (100k params, 100k tokens)" */
  scale: string;
  notes: string[];
}

// A loss to four significant digits keeps both sides at the same decimals (2.310 vs 2.313); the ratio metrics
// (speeds, sizes) as counts: 11.8k, 256.
const formatMean = (n: number, relative: boolean) =>
  relative || Math.abs(n) >= 1000 ? formatCount(n) : n.toPrecision(4);

function toRow(e: ClaimEffect, experiment: string): EffectRow {
  // A side is a variant over its seeds: named without the experiment and the seed of its first run.
  const side = (s: ClaimEffect['variant']) =>
    `${withoutSeed(nameInExperiment(s.name, experiment))} ${formatMean(s.mean, e.relative)}`;
  return {
    metric: e.metric,
    label: e.label,
    sentence: describeDirection(e),
    why: explainVerdict(e),
    marginText: e.margin === undefined ? null : formatMargin(e),
    timedApart: e.timedApart ?? false,
    sides: `${side(e.variant)} vs ${side(e.baseline)}`,
    interval: formatInterval(e.delta, e.ci95, e.relative),
    n: e.n,
    verdict: e.verdict,
    expectation: describeExpectation(e),
    delta: e.delta,
    ci95: e.ci95,
    margin: e.margin ?? null,
  };
}

/** A ladder's trends (each with its statement in words) and each effect's to-target ratios, as the report words them. */
function readLadderLines(r: ClaimResult): string[] {
  return [
    ...r.trend.map((t) => t.statement),
    // Tokens, FLOPs and (with the experiment's bench) wall time to the target loss, once per pair.
    ...r.effects.flatMap((e, i) => (showsToTarget(r.effects, i) ? [describeToTarget(e.toTarget!)] : [])),
  ];
}

export const BENCH_HINT = 'press “Benchmark these variants” to time them interleaved';

/** core/report speaks to the command line (--repeats, `run`'s bench); the workbench has a field and a button. */
function inWorkbenchWords(note: string): string {
  if (note.startsWith('one seed per run'))
    return 'One seed per run, so no interval: queue the experiment again with "Seeds per run" at 3 or more.';
  // Speeds of runs trained one after another: never a verdict, and the button that would give one.
  if (note.startsWith(TIMED_APART_NOTE)) return `${note}; ${BENCH_HINT}`;
  if (note.includes(NEEDS_BENCH_NOTE))
    return `${note.replace(` (${NEEDS_BENCH_NOTE})`, '')}: ${TIMED_APART_NOTE}; ${BENCH_HINT}`;
  return note;
}

/**
 * Cards of every experiment with at least two finished runs, in queue order; runs never pair across experiments.
 * `margins`: each experiment's own margins (by group id), where the user set them; `benches`: each one's latest bench.
 */
export function buildVerdictCards(
  entries: readonly RunEntry[],
  margins: Readonly<Record<string, Margins>> = {},
  benches: Readonly<Record<string, BenchRecord>> = {},
): VerdictCard[] {
  const byId = new Map(entries.map((e) => [e.record.id, e]));
  return groupRuns(entries).flatMap((group) => {
    const done = group.runIds.flatMap((id) => {
      const e = byId.get(id);
      return e?.record.status === 'done' ? [{ record: e.record, metrics: e.metrics }] : [];
    });
    if (done.length < 2) return [];
    // The experiment's bench speeds: tokens/s judged on its rounds, wall time to target at its speeds.
    const speeds = benchSpeedsOf(benches[group.id]);
    return judgeClaims(done, undefined, { margins: margins[group.id], ...(speeds ? { speeds } : {}) }).map((r) => ({
      key: `${group.id}/${r.id}`,
      groupId: group.id,
      experiment: group.name,
      claimId: r.id,
      title: r.title,
      claim: r.claim,
      source: findClaim(r.id).source,
      verdict: r.verdict,
      effects: r.effects.map((e) => toRow(e, group.name)),
      plots: renderIntervalPlots(r.id, r.effects),
      ladder: readLadderLines(r),
      scale: describeScale(r),
      notes: r.notes.map(inWorkbenchWords),
    }));
  });
}
