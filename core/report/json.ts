// The JSON report: the run records and their metrics as they are, the experiment, and the verdict of each claim.
import type { RunData } from '../record';
import { judgeClaims, type ClaimResult, type ExperimentOf } from './evidence';
import { computeMainEffects, type MainEffect } from './main-effects';
import type { ReportExperiment } from './summary';

export interface JsonReport {
  format: 'palm-workbench-report';
  version: 1;
  experiment: ReportExperiment | null;
  /** The verdict of each claim the runs test, with each effect's paired difference and 95% interval. */
  claims: ClaimResult[];
  /** Each switch's main effect when the runs form a full two-level grid. */
  mainEffects: MainEffect[];
  runs: RunData[];
}

/** `experimentOf` names each run's experiment when the runs span several: verdicts pair only inside one. */
export function buildJsonReport(runs: RunData[], experiment?: ReportExperiment, experimentOf?: ExperimentOf): string {
  const report: JsonReport = {
    format: 'palm-workbench-report',
    version: 1,
    experiment: experiment ?? null,
    claims: judgeClaims(runs, experiment?.claims, { experimentOf }),
    mainEffects: computeMainEffects(runs, experimentOf),
    runs,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
