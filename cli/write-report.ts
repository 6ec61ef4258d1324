// The four report files of a set of runs (docs/design.md §1 report/): report.html, report.md, metrics.csv, report.json.
// core/report builds the text; this writes it.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildHtmlReport,
  buildMarkdownReport,
  generateJsonReport,
  generateMetricsCsv,
  type ExperimentOf,
  type ReportExperiment,
} from '../core/report';
import type { RunData } from '../core/record';
import { CliError, describeWriteError } from './errors';

/** What `run` leaves beside the run folders so a later `report` can name the experiment and its claim. */
export const EXPERIMENT_JSON = 'experiment.json';

export const REPORT_FILES = ['report.html', 'report.md', 'metrics.csv', 'report.json'];

/** A file written chunk by chunk: a report of runs of a million points each is never one string. */
function writeChunks(path: string, chunks: Iterable<string>): void {
  const fd = openSync(path, 'w');
  try {
    for (const chunk of chunks) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}

/** `experimentOf` names each run's experiment when the runs span several: verdicts pair only inside one. */
export function writeReports(
  dir: string,
  runs: RunData[],
  experiment?: ReportExperiment,
  experimentOf?: ExperimentOf,
): string[] {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new CliError(describeWriteError(e, dir));
  }
  const texts: Iterable<string>[] = [
    [buildHtmlReport(runs, experiment, { experimentOf })],
    [buildMarkdownReport(runs, experiment, experimentOf)],
    generateMetricsCsv(runs),
    generateJsonReport(runs, experiment, experimentOf),
  ];
  return REPORT_FILES.map((file, i) => {
    const path = join(dir, file);
    try {
      writeChunks(path, texts[i]!); // one text per report file
    } catch (e) {
      throw new CliError(describeWriteError(e, path));
    }
    return path;
  });
}
