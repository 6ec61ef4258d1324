// Time- and compute-to-target of a pair of units (docs/evidence.md, Method): per seed, the tokens at which each side's
// validation loss first reaches the target (the worse side's final loss), the training FLOPs that is, and the wall
// time at the interleaved bench's tokens/s for each side (never the runs' own clocks, timed minutes apart); each as a
// paired ratio alternative / PaLM with a 95% interval on log ratios.
import { pairedRatio, tokensToTarget, defaultTarget, type PairedRatio } from '../metrics/to-target';
import type { RunData } from '../record';
import { summarizeRun, type BenchSpeedEntry, type ReportExperiment } from './summary';
import type { Unit } from './units';

/** Training tokens/s of each run name, measured interleaved by `bench` on the same backend (speed.json). */
export type BenchSpeeds = ReadonlyMap<string, BenchSpeed>;
export type BenchSpeed = BenchSpeedEntry;

/** What to-target needs besides the runs: the bench's speeds by run name, and a target loss the user set. */
export interface ToTargetInputs {
  speeds?: BenchSpeeds;
  /** Instead of the worse side's final loss; a seed whose runs do not both reach it is left out. */
  targetLoss?: number;
}

/** The experiment's to-target inputs (speed.json's speeds, the spec's targetLoss). */
export function toTargetInputs(experiment?: ReportExperiment): ToTargetInputs {
  return {
    ...(experiment?.speeds ? { speeds: new Map(experiment.speeds.map(({ name, ...speed }) => [name, speed])) } : {}),
    ...(experiment?.targetLoss === undefined ? {} : { targetLoss: experiment.targetLoss }),
  };
}

export interface ToTargetSide {
  name: string;
  /** Per paired seed: tokens, training FLOPs and (with bench speeds) wall ms to the target. */
  tokens: number[];
  flops: number[];
  wallMs: number[] | null;
  /** The bench's tokens/s the wall times divide by. */
  bench: BenchSpeed | null;
}

export interface ToTarget {
  seeds: number[];
  /** 'worse-final': each seed's worse final loss; 'spec': the experiment's targetLoss. */
  targetSource: 'worse-final' | 'spec';
  /** The target val loss per seed: the worse side's final val loss, so both reach it, unless the user set one. */
  targets: number[];
  baseline: ToTargetSide;
  variant: ToTargetSide;
  /** alternative / PaLM. */
  tokensRatio: PairedRatio;
  flopsRatio: PairedRatio;
  /** Null without bench speeds for both sides. */
  wallRatio: PairedRatio | null;
}

const evals = (run: RunData) =>
  run.metrics.flatMap((p) =>
    p.valLoss === undefined || !Number.isFinite(p.valLoss) ? [] : [{ tokens: p.tokens, loss: p.valLoss }],
  );

/** Both units' to-target figures over the seeds they share (LR families have no single curve: null). */
export function computeToTarget(p: Unit, a: Unit, { speeds, targetLoss }: ToTargetInputs = {}): ToTarget | null {
  if (p.lrSweep || a.lrSweep) return null;
  const seeds: number[] = [];
  const targets: number[] = [];
  const tokens: [number[], number[]] = [[], []];
  const flops: [number[], number[]] = [[], []];
  for (const [seed, [rp]] of [...p.bySeed].sort(([x], [y]) => x - y)) {
    const ra = a.bySeed.get(seed)?.[0];
    const [fp, fa] = [rp && summarizeRun(rp), ra && summarizeRun(ra)];
    if (!rp || !ra || !fp || !fa) continue;
    if (fp.finalValLoss === null || fa.finalValLoss === null || fp.flopsPerToken === null) continue;
    if (fa.flopsPerToken === null) continue;
    const target = targetLoss ?? defaultTarget(fp.finalValLoss, fa.finalValLoss);
    const [tp, ta] = [tokensToTarget(evals(rp), target), tokensToTarget(evals(ra), target)];
    if (tp === null || ta === null || !(tp > 0 && ta > 0)) continue;
    seeds.push(seed);
    targets.push(target);
    tokens[0].push(tp);
    tokens[1].push(ta);
    flops[0].push(tp * fp.flopsPerToken);
    flops[1].push(ta * fa.flopsPerToken);
  }
  if (seeds.length === 0) return null;
  const [bp, ba] = [speeds?.get(p.name) ?? null, speeds?.get(a.name) ?? null];
  const wall = (ts: number[], b: BenchSpeed | null) => (b ? ts.map((t) => (t / b.tokensPerSec) * 1000) : null);
  const side = (name: string, i: 0 | 1, b: BenchSpeed | null): ToTargetSide => ({
    name,
    tokens: tokens[i],
    flops: flops[i],
    wallMs: wall(tokens[i], b),
    bench: b,
  });
  const baseline = side(p.name, 0, bp);
  const variant = side(a.name, 1, ba);
  return {
    seeds,
    targetSource: targetLoss === undefined ? 'worse-final' : 'spec',
    targets,
    baseline,
    variant,
    tokensRatio: pairedRatio(tokens[0], tokens[1]),
    flopsRatio: pairedRatio(flops[0], flops[1]),
    wallRatio: baseline.wallMs && variant.wallMs ? pairedRatio(baseline.wallMs, variant.wallMs) : null,
  };
}
