// Verdict cards per experiment (pure): the finished runs of each experiment group judged by core/report's evidence
// functions, one card per claim a pair of its runs tests: verdict, each effect's Δ ± 95% interval over n seeds, and
// the scale the verdict holds at. The claim texts come from the claims table through the same functions.
import { findClaim } from '../../../core/claims';
import { formatCount, formatInterval, judgeClaims, type ClaimEffect } from '../../../core/report';
import { describeExpectation, describeScale } from '../../../core/report/claim-cards';
import type { Verdict } from '../../../core/report/verdict';
import { withoutSeed } from '../builder/seeds';
import { groupRuns, nameInExperiment } from '../runs/groups';
import type { RunEntry } from '../store/types';

export interface EffectRow {
  metric: string;
  label: string;
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

/** core/report speaks to the command line (--repeats); the workbench has a field for it. */
function inWorkbenchWords(note: string): string {
  return note.startsWith('one seed per run')
    ? 'One seed per run, so no interval: queue the experiment again with "Seeds per run" at 3 or more.'
    : note;
}

/** Cards of every experiment with at least two finished runs, in queue order; runs never pair across experiments. */
export function buildVerdictCards(entries: readonly RunEntry[]): VerdictCard[] {
  const byId = new Map(entries.map((e) => [e.record.id, e]));
  return groupRuns(entries).flatMap((group) => {
    const done = group.runIds.flatMap((id) => {
      const e = byId.get(id);
      return e?.record.status === 'done' ? [{ record: e.record, metrics: e.metrics }] : [];
    });
    if (done.length < 2) return [];
    return judgeClaims(done).map((r) => ({
      key: `${group.id}/${r.id}`,
      groupId: group.id,
      experiment: group.name,
      claimId: r.id,
      title: r.title,
      claim: r.claim,
      source: findClaim(r.id).source,
      verdict: r.verdict,
      effects: r.effects.map((e) => toRow(e, group.name)),
      scale: describeScale(r),
      notes: r.notes.map(inWorkbenchWords),
    }));
  });
}
