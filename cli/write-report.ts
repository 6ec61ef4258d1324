// The four report files of a set of runs (docs/design.md §1 report/): report.html, report.md, metrics.csv, report.json.
// core/report builds the text; this writes it.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildHtmlReport,
  buildMarkdownReport,
  generateJsonReport,
  generateMetricsCsv,
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

export function writeReports(dir: string, runs: RunData[], experiment?: ReportExperiment): string[] {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new CliError(describeWriteError(e, dir));
  }
  const texts: Iterable<string>[] = [
    [buildHtmlReport(runs, experiment)],
    [buildMarkdownReport(runs, experiment)],
    generateMetricsCsv(runs),
    generateJsonReport(runs, experiment),
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
