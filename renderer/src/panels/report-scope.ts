// What a downloaded report covers (pure): one experiment's runs, or the runs ticked for the charts. Its title and file
// name come from the experiment; its colours, samples and bench speeds from the workbench, so the report matches the
// screen.
import type { ExperimentOf, HtmlReportOptions, ReportExperiment, ReportSample } from '../../../core/report';
import type { RunData } from '../../../core/record';
import { groupRuns } from '../runs/groups';
import { variantStyles } from '../runs/variants';
import type { BenchRecord, RunEntry, SampleState } from '../store/types';
import type { ViewSettings } from '../store/workbench-store';

export interface ReportScope {
  /** An experiment group's id (runs/groups.ts), or SHOWN_RUNS. */
  id: string;
  label: string;
}

export const SHOWN_RUNS = 'shown';

export function listReportScopes(entries: readonly RunEntry[]): ReportScope[] {
  const groups = groupRuns(entries).map((g) => ({ id: g.id, label: `${g.name} (${g.runIds.length} runs)` }));
  return [...groups, { id: SHOWN_RUNS, label: 'Runs ticked for the charts' }];
}

export interface ScopedReport {
  runs: RunData[];
  experiment: ReportExperiment;
  options: HtmlReportOptions;
  fileName: string;
}

const slug = (name: string) => name.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '') || 'experiment';

/**
 * The report of one scope; `claim` says the paper's claims the runs test (the paper panel's words). The experiment's
 * bench speeds go with it (its verdicts judge speed on them, as its cards do) when the runs are of one experiment.
 */
export function planReport(
  entries: readonly RunEntry[],
  scopeId: string,
  view: Pick<ViewSettings, 'hidden' | 'margins'>,
  samples: Readonly<Record<string, SampleState>>,
  claim: (runs: RunData[]) => string | undefined,
  benches: Readonly<Record<string, BenchRecord>> = {},
): ScopedReport {
  const group = groupRuns(entries).find((g) => g.id === scopeId);
  const chosen = group
    ? entries.filter((e) => group.runIds.includes(e.record.id))
    : entries.filter((e) => !view.hidden[e.record.id]);
  const runs = chosen.map((e) => ({ record: e.record, metrics: e.metrics }));
  const styles = variantStyles(entries);
  const experimentIds = new Map(chosen.map((e) => [e.record.id, e.experiment?.id ?? `run:${e.record.id}`]));
  // Runs ticked across experiments still pair only inside their own.
  const experimentOf: ExperimentOf = (r) => experimentIds.get(r.record.id)!; // every chosen run has one
  const reportSamples: ReportSample[] = chosen.flatMap((e) => {
    const s = samples[e.record.id];
    return s && !s.pending && !s.error && s.text
      ? [{ run: e.record.name, prompt: s.prompt, text: s.text, tokensPerSec: s.tokensPerSec }]
      : [];
  });
  const name = group ? group.name : 'Selected runs';
  // Speeds are keyed by variant name: runs of two experiments could share one, so only one experiment's go.
  const experiments = new Set(experimentIds.values());
  const bench = experiments.size === 1 ? benches[[...experiments][0]!] : undefined;
  return {
    runs,
    experiment: { name, claim: claim(runs), ...(bench ? { speeds: bench.speeds } : {}) },
    options: {
      experimentOf,
      // The experiment's own margins, as its verdict cards use them.
      ...(group && view.margins[group.id] ? { margins: view.margins[group.id] } : {}),
      // As the verdict cards: a run still training has no final figures yet.
      judged: (r) => r.record.status === 'done',
      colours: chosen.map((e) => styles.get(e.record.id)!.colour), // every entry has a variant
      samples: reportSamples,
    },
    fileName: `${slug(name)}-report.html`,
  };
}
