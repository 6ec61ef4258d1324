// The JSON report: the run records and their metrics as they are, the experiment, and the verdict of each claim.
import type { RunData } from '../record';
import { toTargetInputs } from './to-target';
import { judgeClaims, type ClaimResult } from './evidence';
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

export function buildJsonReport(runs: RunData[], experiment?: ReportExperiment): string {
  const report: JsonReport = {
    format: 'palm-workbench-report',
    version: 1,
    experiment: experiment ?? null,
    claims: judgeClaims(runs, experiment?.claims, toTargetInputs(experiment)),
    mainEffects: computeMainEffects(runs),
    runs,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
