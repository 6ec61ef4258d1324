// The JSON report: the run records and their metrics as they are, plus the experiment, for scripts to reload.
import type { RunData } from '../train/record';
import type { ReportExperiment } from './summary';

export interface JsonReport {
  format: 'palm-workbench-report';
  version: 1;
  experiment: ReportExperiment | null;
  runs: RunData[];
}

export function buildJsonReport(runs: RunData[], experiment?: ReportExperiment): string {
  const report: JsonReport = { format: 'palm-workbench-report', version: 1, experiment: experiment ?? null, runs };
  return `${JSON.stringify(report, null, 2)}\n`;
}
