// Reading run records from outside (a file, an import, an IPC payload): the schema's verdict as one message that
// names every offending key by its path, e.g. "runs[0].metrics[3].trainLoss: must be a number".
import type { z } from 'zod';
import {
  reportExperimentSchema,
  metricPointSchema,
  runDataSchema,
  runRecordSchema,
  type MetricPoint,
  type RunData,
  type RunRecord,
} from './schema';

/** A path as code would write it: runs[0].record.name; the empty path is "(payload)". */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  const text = path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
  return text || '(payload)';
}

/** "path: problem; path: problem" for the first `limit` issues, and how many more there were. */
export function describeIssues(error: z.ZodError, prefix: readonly PropertyKey[] = [], limit = 8): string {
  const problems = error.issues
    .slice(0, limit)
    .map((issue) => `${formatIssuePath([...prefix, ...issue.path])}: ${issue.message}`);
  const more = error.issues.length > limit ? ` (and ${error.issues.length - limit} more)` : '';
  return `${problems.join('; ')}${more}`;
}

/** A record that fails the schema: the message names where it came from and each offending key. */
export class RunRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunRecordError';
  }
}

function parseWith<T>(schema: z.ZodType<T>, input: unknown, source: string, prefix: readonly PropertyKey[]): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new RunRecordError(`${source}: ${describeIssues(result.error, prefix)}`);
  return result.data;
}

/** A run.json's content, validated (its config resolved); throws RunRecordError naming the keys that are wrong. */
export function parseRunRecord(input: unknown, source: string, prefix: readonly PropertyKey[] = []): RunRecord {
  return parseWith(runRecordSchema, input, source, prefix);
}

/** One metrics.jsonl line's content, validated. */
export function parseMetricPoint(input: unknown, source: string, prefix: readonly PropertyKey[] = []): MetricPoint {
  return parseWith(metricPointSchema, input, source, prefix);
}

/** An experiment record (experiment.json), validated; unknown keys are dropped. */
export function parseReportExperiment(input: unknown, source: string): z.output<typeof reportExperimentSchema> {
  return parseWith(reportExperimentSchema, input, source, []);
}

/** A run with its metrics (an export's entry), validated. */
export function parseRunData(input: unknown, source: string, prefix: readonly PropertyKey[] = []): RunData {
  return parseWith(runDataSchema, input, source, prefix);
}
