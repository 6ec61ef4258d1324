// Runs to and from their stored and exported forms (pure), both read back through core/record's run-record schema.
// A run that was queued or training when the page closed comes back `paused`, to be resumed from its latest
// checkpoint; exports are plain JSON run records with metrics.
import { z } from 'zod';
import { parseJsonText } from '../../../core/config/json-text';
import {
  describeIssues,
  parseRunData,
  runDataSchema,
  type MetricPoint,
  type RunData,
  type RunRecord,
} from '../../../core/record';
import type { RunStyle } from '../palette';
import type { ExperimentRef, RunEntry } from './types';

/** What IndexedDB keeps per run (the checkpoint bytes live in their own store, keyed by run id). */
export interface StoredRun {
  record: RunRecord;
  metrics: MetricPoint[];
  checkpointStep: number | null;
  reason?: string;
  style?: RunStyle;
  experiment?: ExperimentRef;
}

export interface StoredCheckpoint {
  runId: string;
  step: number;
  bytes: Uint8Array;
  tokenizer?: string;
  /**
   * The points the checkpoint covers (step ≤ its step), saved with it: the run's own record is written at most once
   * a second, so after a reload it can end before the checkpoint, and a resumed curve would have a gap.
   */
  metrics: MetricPoint[];
}

export const RUNS_EXPORT_FORMAT = 'palm-workbench-runs';

export function toStoredRun(entry: RunEntry): StoredRun {
  const stored: StoredRun = { record: entry.record, metrics: entry.metrics, checkpointStep: entry.checkpointStep };
  if (entry.reason !== undefined) stored.reason = entry.reason;
  if (entry.style) stored.style = entry.style;
  if (entry.experiment) stored.experiment = entry.experiment;
  return stored;
}

/** What IndexedDB holds per run: the run record's schema plus the workbench's own fields. */
const storedRunSchema = runDataSchema.extend({
  checkpointStep: z.number().int().nonnegative().nullable(),
  reason: z.string().optional(),
  style: z.object({ colour: z.string(), dash: z.string().optional() }).optional(),
  experiment: z.object({ id: z.string(), name: z.string() }).optional(),
});

/**
 * The stored runs that parse, oldest first, and a problem naming each that does not (a damaged store, a shape this version cannot
 * read): such a run is left in storage untouched, not shown half-broken.
 */
export function parseStoredRuns(list: readonly unknown[]): { runs: StoredRun[]; problems: string[] } {
  const runs: StoredRun[] = [];
  const problems: string[] = [];
  list.forEach((item, i) => {
    const result = storedRunSchema.safeParse(item);
    if (result.success) runs.push(result.data as StoredRun);
    else {
      const r = (item as { record?: { id?: unknown; name?: unknown } } | null)?.record;
      const which = typeof r?.name === 'string' ? `"${r.name}"` : typeof r?.id === 'string' ? r.id : `#${i + 1}`;
      problems.push(`stored run ${which} could not be read and is not shown: ${describeIssues(result.error)}`);
    }
  });
  runs.sort((a, b) => a.record.createdAt.localeCompare(b.record.createdAt));
  return { runs, problems };
}

export function restoreRun(stored: StoredRun, why = 'the page closed while it was training'): RunEntry {
  const interrupted = stored.record.status === 'running' || stored.record.status === 'queued';
  const entry: RunEntry = {
    record: interrupted ? { ...stored.record, status: 'paused' } : stored.record,
    metrics: stored.metrics,
    checkpointStep: stored.checkpointStep,
    attached: false,
    reason: interrupted ? why : stored.reason,
  };
  if (stored.style) entry.style = stored.style;
  if (stored.experiment) entry.experiment = stored.experiment;
  return entry;
}

export function exportRunsJson(entries: RunEntry[]): string {
  const runs: RunData[] = entries.map((e) => ({ record: e.record, metrics: e.metrics }));
  return JSON.stringify({ format: RUNS_EXPORT_FORMAT, version: 1, runs }, null, 1);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Parses an export (or a bare array of run data) with the run-record schema (unknown keys kept); throws an Error that
 * names the run and the key that is wrong.
 */
export function parseRunsJson(text: string): RunData[] {
  const json = parseJsonText(text, 'the run export');
  const list = Array.isArray(json) ? json : isObject(json) && Array.isArray(json.runs) ? json.runs : null;
  if (!list) throw new Error(`not a run export: expected { format: "${RUNS_EXPORT_FORMAT}", runs: [...] }`);
  return list.map((item: unknown, i) => parseRunData(item, 'not a valid run export', ['runs', i]));
}
