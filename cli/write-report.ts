// The report files of a set of runs (docs/design.md §1 report/): report.html, report.md, metrics.csv, report.json,
// written as one set into a report folder that is replaced as a whole (cli/atomic-folder.ts), so a reader never
// finds an old report.html beside a new metrics.csv. core/report builds the text; this writes it.
import { join } from 'node:path';
import {
  buildHtmlReport,
  buildMarkdownReport,
  generateJsonReport,
  generateMetricsCsv,
  type ExperimentOf,
  type ReportExperiment,
} from '../core/report';
import { orderRuns } from '../core/report/units';
import type { RunData } from '../core/record';
import { replaceFolderAtomic } from './atomic-folder';

/** What `run` leaves beside the run folders so a later `report` can name the experiment and its claim. */
export const EXPERIMENT_JSON = 'experiment.json';

/** Where a report goes by default: this folder inside the (first) run or experiment folder. */
export const REPORT_FOLDER = 'report';
const REPORT_FILES = ['report.html', 'report.md', 'metrics.csv', 'report.json'];

/** The default report folder of an experiment or run folder. */
export const defaultReportFolder = (dir: string) => join(dir, REPORT_FOLDER);

/** `experimentOf` names each run's experiment when the runs span several: verdicts pair only inside one. */
export function writeReports(
  dir: string,
  runs: RunData[],
  experiment?: ReportExperiment,
  experimentOf?: ExperimentOf,
): string[] {
  const ordered = orderRuns(runs);
  // metrics.csv and report.json are written chunk by chunk: a report of runs of a million points each is never one
  // string.
  const texts: Iterable<string>[] = [
    [buildHtmlReport(ordered, experiment, { experimentOf })],
    [buildMarkdownReport(ordered, experiment, experimentOf)],
    generateMetricsCsv(ordered),
    generateJsonReport(ordered, experiment, experimentOf),
  ];
  return replaceFolderAtomic(
    dir,
    REPORT_FILES.map((file, i) => [file, texts[i]!]),
    { what: 'report folder', names: REPORT_FILES },
  );
}
