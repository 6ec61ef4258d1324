// The verdict of each claim the runs test (docs/cli.md, Verdicts): pairs of units (PaLM's option, the alternative) that
// differ in the claim's switch alone, each test metric's paired difference over seeds with its 95% t-interval, the
// test's verdict, and the claim's verdict from them, "at this scale".
import {
  ALL_CLAIMS,
  EFFECT_METRICS,
  findOption,
  inClaimScope,
  RECIPE_CLAIMS,
  type ClaimTest,
  type EffectMetric,
  type PaperClaim,
} from '../claims';
import { listConfigChanges } from '../config/labels';
import { mean, pairedDifference, sampleSd } from '../metrics/statistics';
import type { PairedRatio } from '../metrics/to-target';
import type { RunData } from '../record';
import { lossAtEqualBudget, lrSensitivity, valCurve } from './fair';
import { fitTrends, groupByRung, judgeOnLadder, type ClaimTrend, type RungEffect, type ScaleRung } from './scale-trend';
import { summarizeRun } from './summary';
import { pairBenchSpeeds } from './bench-speeds';
import { computeToTarget, type BenchSpeed, type ToTarget, type ToTargetInputs } from './to-target';
import { groupUnits, type Unit } from './units';
import { combineVerdicts, judgeTest, type Verdict } from './verdict';

export interface EffectSide {
  name: string;
  mean: number;
  sd: number;
}

export interface ClaimEffect extends RungEffect {
  /** The claim it tests: its options name the two sides in words. */
  claimId: string;
  metric: EffectMetric;
  label: string;
  expect: ClaimTest['expect'];
  /** For a neutral or not-worse test: the margin (nats, or a fraction for relative metrics). */
  margin?: number;
  /** PaLM's option and the alternative, over the paired seeds. */
  baseline: EffectSide;
  variant: EffectSide;
  /** Mean of variant − baseline over seeds (variant / baseline − 1 when `relative`). */
  delta: number;
  ci95: [number, number] | null;
  n: number;
  /** Seeds whose own difference has the sign of `delta` (all n when the effect is consistent). */
  agreeing: number;
  relative: boolean;
  verdict: Verdict;
  /** A speed of runs timed one after another (not interleaved): shown, never judged (docs/design.md §3). */
  timedApart?: boolean;
  /** What n counts: seeds, or the interleaved bench's rounds (a speed judged on bench-speeds.ts' pairs). */
  pairedOver?: 'seeds' | 'rounds';
  /** Tokens, training FLOPs and wall time (at the bench's speeds) to the worse side's final loss (or the spec's
   *  targetLoss), as ratios
   *  alternative / PaLM; on the final-loss and time-to-target effects. */
  toTarget?: ToTarget;
}

export interface ClaimResult {
  id: string;
  title: string;
  claim: string;
  verdict: Verdict;
  effects: ClaimEffect[];
  /** The effects at each size the runs cover (each ladder rung, else the one size): "at this scale". */
  scale: ScaleRung<ClaimEffect>[];
  /** Per test metric measured at two or more sizes: the weighted fit of the effect against log10(parameters). */
  trend: ClaimTrend[];
  notes: string[];
}

type Values = Map<number, number>;

/** Metrics that time the runs: runs trained minutes apart on a shared machine do not compare on them; the
 *  interleaved bench's rounds do. */
const TIMED_METRICS: readonly EffectMetric[] = ['tokensPerSec'];
export const TIMED_APART_NOTE = 'speed not comparable: timed separately';
/** Why a time-to-target effect is missing without bench speeds (the workbench points at its bench button). */
export const NEEDS_BENCH_NOTE = "needs both sides' tokens/s timed interleaved by the bench";

function readKey(config: unknown, dotted: string): unknown {
  const [section, key] = dotted.split('.') as [string, string]; // claim keys are "section.key"
  return (config as Record<string, Record<string, unknown>>)[section]?.[key];
}

export const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** One run's value of a per-run metric, or null when the run cannot say it. */
export function readRunMetric(run: RunData, metric: EffectMetric): number | null {
  const f = summarizeRun(run);
  const s = run.record.summary;
  const last = <K extends 'meanLogZ' | 'maxAttnLogit'>(key: K) =>
    run.metrics.findLast((p) => finite(p[key]))?.[key] ?? null;
  switch (metric) {
    case 'finalValLoss':
      return f.finalValLoss;
    case 'tokensPerSec':
      return f.tokensPerSec;
    case 'kvCacheBytesPerToken':
      return f.kvCacheBytesPerToken;
    case 'optimizerStateBytes':
      return f.optimizerStateBytes;
    case 'params':
      return f.params;
    case 'valBitsPerByte':
      return s?.valBitsPerByte ?? null;
    case 'valLoss4x':
      return s?.valLossAtLength?.find((l) => l.factor === 4)?.loss ?? null;
    case 'finalAbsLogZ': {
      const z = last('meanLogZ');
      return z === null ? null : Math.abs(z);
    }
    case 'maxAttnLogit':
      return last('maxAttnLogit');
    case 'lrSensitivity':
    case 'timeToTarget':
    case 'valLossAtEqualFlops':
      return null; // of a family or of a pair, not of one run
  }
}

/** A unit's value per seed: a cell's run's; for an LR family the best loss over the grid, or its sensitivity. */
function unitValues(unit: Unit, metric: EffectMetric): Values {
  const out: Values = new Map();
  for (const [seed, runs] of unit.bySeed) {
    let v: number | null = null;
    if (!unit.lrSweep)
      v = metric === 'lrSensitivity' ? null : readRunMetric(runs[0]!, metric); // bySeed lists no seed without runs
    else if (metric === 'lrSensitivity') {
      const initial = Math.log(unit.config.model.vocabSize);
      v = lrSensitivity(
        runs.map((r) => readRunMetric(r, 'finalValLoss')),
        initial,
      );
    } else if (metric === 'finalValLoss') {
      const losses = runs.map((r) => readRunMetric(r, 'finalValLoss')).filter(finite);
      v = losses.length ? Math.min(...losses) : null;
    } else {
      // Sizes and rates hardly depend on the rate: their mean over the grid.
      const values = runs.map((r) => readRunMetric(r, metric));
      v = values.every(finite) ? mean(values) : null;
    }
    if (finite(v)) out.set(seed, v);
  }
  return out;
}

/** The pair's values per seed of loss at equal training FLOPs (a metric that needs both runs). */
function pairValues(p: Unit, a: Unit): [Values, Values] {
  const vp: Values = new Map();
  const va: Values = new Map();
  if (p.lrSweep || a.lrSweep) return [vp, va];
  for (const [seed, [rp]] of p.bySeed) {
    const ra = a.bySeed.get(seed)?.[0];
    if (!rp || !ra) continue;
    const curve = (r: RunData) => valCurve(r.metrics, summarizeRun(r).flopsPerToken ?? 0);
    const both = lossAtEqualBudget(curve(rp), curve(ra));
    if (both) {
      vp.set(seed, both[0]);
      va.set(seed, both[1]);
    }
  }
  return [vp, va];
}

/** Where a pair ran: the PaLM side's rung and size. */
function locate(p: Unit): ClaimEffect['at'] {
  const run = p.bySeed.values().next().value?.[0]; // groupUnits makes no unit without runs
  const summary = run?.record.summary;
  return {
    rung: run?.record.rung ?? null,
    params: summary?.params ?? Number.NaN,
    tokens: summary?.tokens ?? Number.NaN,
  };
}

/** An effect measured as a paired ratio alternative / PaLM: delta = ratio − 1, its interval exp'd back minus 1. */
function ratioEffect(
  claimId: string,
  p: Unit,
  test: ClaimTest,
  r: PairedRatio,
  sides: { baseline: EffectSide; variant: EffectSide; agreeing: number },
): ClaimEffect {
  const diff = {
    delta: r.ratio - 1,
    sd: Number.NaN,
    n: r.n,
    ci95: r.ci95 && ([r.ci95[0] - 1, r.ci95[1] - 1] as [number, number]),
  };
  return {
    claimId,
    metric: test.metric,
    label: EFFECT_METRICS[test.metric].label,
    expect: test.expect,
    ...(test.expect === 'palm-better' ? {} : { margin: test.margin }),
    ...sides,
    delta: diff.delta,
    // The delta method on exp(mean log ratio): se(ratio) ≈ ratio · se(log ratio).
    se: r.ratio * r.logSe,
    ci95: diff.ci95,
    n: r.n,
    relative: true,
    verdict: judgeTest(test, diff),
    at: locate(p),
  };
}

/** Wall time to target as an effect: the ratio alternative / PaLM − 1 with its log-ratio interval over seeds. */
function timeToTargetEffect(
  claimId: string,
  p: Unit,
  a: Unit,
  test: ClaimTest,
  inputs: ToTargetInputs = {},
): ClaimEffect | null {
  const tt = computeToTarget(p, a, inputs);
  if (!tt?.wallRatio || !tt.baseline.wallMs || !tt.variant.wallMs) return null;
  const [base, alt] = [tt.baseline.wallMs, tt.variant.wallMs];
  const side = Math.sign(tt.wallRatio.ratio - 1);
  const effect = ratioEffect(claimId, p, test, tt.wallRatio, {
    baseline: { name: p.name, mean: mean(base), sd: sampleSd(base) },
    variant: { name: a.name, mean: mean(alt), sd: sampleSd(alt) },
    agreeing: tt.seeds.filter((_, i) => Math.sign(alt[i]! - base[i]!) === side).length,
  });
  return { ...effect, toTarget: tt };
}

/**
 * Training tokens/s from the interleaved bench (bench-speeds.ts): the ratio alternative / PaLM − 1 paired over its
 * rounds; null without bench speeds of both sides timed together. A side's figure is its median over the rounds.
 */
function benchSpeedEffect(
  claimId: string,
  p: Unit,
  a: Unit,
  test: ClaimTest,
  inputs: ToTargetInputs,
): ClaimEffect | null {
  const paired = pairBenchSpeeds(inputs.speeds, p.name, a.name);
  if (!paired) return null;
  const side = (name: string, s: BenchSpeed) => ({ name, mean: s.tokensPerSec, sd: sampleSd(s.rounds ?? []) });
  const effect = ratioEffect(claimId, p, test, paired.ratio, {
    baseline: side(p.name, paired.baseline),
    variant: side(a.name, paired.variant),
    agreeing: paired.agreeing,
  });
  return { ...effect, pairedOver: 'rounds' };
}

function measureEffect(
  claimId: string,
  p: Unit,
  a: Unit,
  test: ClaimTest,
  inputs: ToTargetInputs = {},
): ClaimEffect | null {
  if (test.metric === 'timeToTarget') return timeToTargetEffect(claimId, p, a, test, inputs);
  if (TIMED_METRICS.includes(test.metric)) {
    const benched = benchSpeedEffect(claimId, p, a, test, inputs);
    if (benched) return benched;
  }
  const [vp, va] =
    test.metric === 'valLossAtEqualFlops' ? pairValues(p, a) : [unitValues(p, test.metric), unitValues(a, test.metric)];
  const seeds = [...vp.keys()].filter((s) => va.has(s)).sort((x, y) => x - y);
  if (seeds.length === 0) return null;
  const base = seeds.map((s) => vp.get(s) as number);
  const alt = seeds.map((s) => va.get(s) as number);
  const info = EFFECT_METRICS[test.metric];
  const diff = pairedDifference(base, alt, info.relative);
  const toTarget = test.metric === 'finalValLoss' ? computeToTarget(p, a, inputs) : null;
  const agreeing = seeds.filter((_, i) => Math.sign(alt[i]! - base[i]!) === Math.sign(diff.delta)).length;
  return {
    claimId,
    metric: test.metric,
    label: info.label,
    expect: test.expect,
    ...(test.expect === 'palm-better' ? {} : { margin: test.margin }),
    baseline: { name: p.name, mean: mean(base), sd: sampleSd(base) },
    variant: { name: a.name, mean: mean(alt), sd: sampleSd(alt) },
    delta: diff.delta,
    se: diff.sd / Math.sqrt(diff.n),
    ci95: diff.ci95,
    n: diff.n,
    agreeing,
    relative: info.relative,
    // Only interleaved timing (the bench's method) compares speeds; run records are timed one run at a time.
    ...(TIMED_METRICS.includes(test.metric)
      ? { verdict: 'inconclusive' as const, timedApart: true }
      : { verdict: judgeTest(test, diff) }),
    at: locate(p),
    ...(toTarget ? { toTarget } : {}),
  };
}

/**
 * Whether a unit takes an option: a switch's own key decides (the GELU-sized SwiGLU is on SwiGLU's side though the
 * SwiGLU option resets swigluParamMatched); a recipe needs every one of its overrides.
 */
function hasOption(unit: Unit, claim: PaperClaim, id: string): boolean {
  const overrides = findOption(claim, id).overrides;
  const keys = RECIPE_CLAIMS.includes(claim) ? Object.keys(overrides) : [claim.key];
  return keys.every((key) => readKey(unit.config, key) === overrides[key]);
}

/** Pairs (PaLM's option, the alternative) of units whose configs differ only in the claim's scope. */
function findPairs(units: Unit[], claim: PaperClaim): [Unit, Unit][] {
  const pairs: [Unit, Unit][] = [];
  for (const p of units.filter((u) => hasOption(u, claim, claim.palm))) {
    for (const a of units.filter((u) => hasOption(u, claim, claim.alternative))) {
      if (listConfigChanges(p.config, a.config).every((c) => inClaimScope(claim, c.key))) pairs.push([p, a]);
    }
  }
  return pairs;
}

/** Why a unit's runs lack a metric, when their summary says (learned positions past their table), or what it needs. */
function whyNot(unit: Unit, test: ClaimTest): string {
  const metric = test.metric;
  if (metric === 'timeToTarget') return ` (${NEEDS_BENCH_NOTE})`;
  if (metric !== 'valLoss4x') return '';
  const run = unit.bySeed.values().next().value?.[0];
  const note = run?.record.summary?.valLossAtLength?.find((l) => l.factor === 4)?.note;
  return note ? ` (${unit.name}: ${note})` : '';
}

/** Neutrality (and non-inferiority) margins that replace the claims table's, per metric. */
export type Margins = Partial<Record<EffectMetric, number>>;

function judgeClaim(experiments: Unit[][], claim: PaperClaim, margins: Margins, inputs: ToTargetInputs): ClaimResult {
  // Runs pair only inside their experiment: two experiments that share a config never lend each other runs.
  const pairs = experiments.flatMap((units) => findPairs(units, claim));
  const notes: string[] = [];
  const effects: ClaimEffect[] = [];
  // A test the runs cannot measure leaves the claim open: supported means every test of every pair is supported.
  let verdicts: Verdict[] = [];
  for (const [p, a] of pairs) {
    for (const tableTest of claim.tests) {
      const margin = margins[tableTest.metric];
      const test = tableTest.expect !== 'palm-better' && margin !== undefined ? { ...tableTest, margin } : tableTest;
      const effect = measureEffect(claim.id, p, a, test, inputs);
      // A speed timed apart is shown but leaves the claim's verdict to the other tests.
      if (!effect?.timedApart) verdicts.push(effect?.verdict ?? 'inconclusive');
      if (effect) effects.push(effect);
      else
        notes.push(`${EFFECT_METRICS[test.metric].label}: not measured for ${p.name} vs ${a.name}${whyNot(a, test)}`);
    }
  }
  if (effects.some((e) => e.timedApart))
    notes.push(`${TIMED_APART_NOTE}: the runs trained one after another, so their speeds are not judged`);
  if (pairs.length === 0) notes.push('no two runs differ in this switch alone');
  else if (effects.every((e) => e.n < 2)) notes.push('one seed per run: rerun with --repeats 3 for an interval');
  const scale = groupByRung(effects);
  const trend = fitTrends(scale);
  if (scale.length > 1) {
    // Over a ladder each test is judged at the largest rung and on its trend (scale-trend.ts).
    verdicts = claim.tests
      .filter((t) => !effects.some((e) => e.metric === t.metric && e.timedApart))
      .map((t) => judgeOnLadder(t, scale, trend) ?? 'inconclusive');
    notes.push(`judged at the largest rung (${scale.at(-1)!.rung?.name ?? 'the largest size'}) and on the trend`);
  }
  return {
    id: claim.id,
    title: claim.title,
    claim: claim.claim,
    verdict: combineVerdicts(verdicts),
    effects,
    scale,
    trend,
    notes,
  };
}

/** Which experiment a run belongs to; runs of different experiments never pair. */
export type ExperimentOf = (run: RunData) => string;

export interface JudgeOptions extends ToTargetInputs {
  /** Without it the runs are one experiment. */
  experimentOf?: ExperimentOf;
  /** The experiment's own margins, where the user set them. */
  margins?: Margins;
}

function splitByExperiment(runs: RunData[], experimentOf?: ExperimentOf): RunData[][] {
  if (!experimentOf) return [runs];
  const out = new Map<string, RunData[]>();
  for (const r of runs) out.set(experimentOf(r), [...(out.get(experimentOf(r)) ?? []), r]);
  return [...out.values()];
}

/** The verdict of each claim in `ids`, or, without ids, of each claim some pair of runs tests. */
export function judgeClaims(runs: RunData[], ids?: readonly string[], options: JudgeOptions = {}): ClaimResult[] {
  // A run stopped (Ctrl-C), still going or crashed has no final loss to compare; a diverged one does (the LR
  // sensitivity counts it as the initial loss).
  const finished = runs.filter((r) => r.record.status === 'done' || r.record.status === 'diverged');
  const experiments = splitByExperiment(finished, options.experimentOf).map(groupUnits);
  const claims = ids?.length
    ? ALL_CLAIMS.filter((c) => ids.includes(c.id))
    : ALL_CLAIMS.filter((c) => experiments.some((units) => findPairs(units, c).length > 0));
  const inputs: ToTargetInputs = { speeds: options.speeds, targetLoss: options.targetLoss };
  return claims.map((c) => judgeClaim(experiments, c, options.margins ?? {}, inputs));
}
