// The JSON report: the run records and their metrics as they are, the experiment, and the verdict of each claim.
// Written in chunks, one metric point per line, so runs of a million points each never make one string of them all.
import type { RunData } from '../record';
import { judgeClaims, type ClaimResult, type ExperimentOf } from './evidence';
import { toTargetInputs } from './to-target';
import { computeMainEffects, type MainEffect } from './main-effects';
import { computeLrStability, type LrStability } from './lr-stability';
import type { ReportExperiment } from './summary';

export interface JsonReport {
  format: 'palm-workbench-report';
  version: 1;
  experiment: ReportExperiment | null;
  /** The verdict of each claim the runs test, with each effect's paired difference and 95% interval. */
  claims: ClaimResult[];
  /** Each switch's main effect when the runs form a full two-level grid. */
  mainEffects: MainEffect[];
  /** Per ladder rung × variant of a learning-rate sweep: where instability starts (lr-stability.ts). */
  lrStability: LrStability[];
  runs: RunData[];
}

/** Metric points per chunk (a few megabytes). */
const POINTS_PER_CHUNK = 10_000;

/** JSON.stringify(value, null, 2) as it reads nested `depth` levels deep (strings never hold a raw line break). */
function pretty(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

/**
 * The report as JSON in chunks: everything indented as JSON.stringify(report, null, 2) would, but one point a line.
 * `experimentOf` names each run's experiment when the runs span several: verdicts pair only inside one.
 */
export function* generateJsonReport(
  runs: readonly RunData[],
  experiment?: ReportExperiment,
  experimentOf?: ExperimentOf,
): Generator<string> {
  const head: Omit<JsonReport, 'runs'> = {
    format: 'palm-workbench-report',
    version: 1,
    experiment: experiment ?? null,
    claims: judgeClaims([...runs], experiment?.claims, { experimentOf, ...toTargetInputs(experiment) }),
    mainEffects: computeMainEffects([...runs], experimentOf),
    lrStability: computeLrStability(runs, { experimentOf, margin: experiment?.instabilityMargin }),
  };
  yield `${pretty(head, 0).slice(0, -2)},\n  "runs": [`;
  for (const [r, { record, metrics }] of runs.entries()) {
    yield `${r ? ',' : ''}\n    {\n      "record": ${pretty(record, 3)},\n      "metrics": [`;
    for (let at = 0; at < metrics.length; at += POINTS_PER_CHUNK) {
      const lines = metrics.slice(at, at + POINTS_PER_CHUNK).map((p) => JSON.stringify(p));
      yield `${at ? ',' : ''}\n        ${lines.join(',\n        ')}`;
    }
    yield `${metrics.length ? '\n      ' : ''}]\n    }`;
  }
  yield `${runs.length ? '\n  ' : ''}]\n}\n`;
}

/** The whole report as one string (for a few runs; writers of large reports use generateJsonReport). */
export function buildJsonReport(
  runs: readonly RunData[],
  experiment?: ReportExperiment,
  experimentOf?: ExperimentOf,
): string {
  return [...generateJsonReport(runs, experiment, experimentOf)].join('');
}
