// The schema of an export-report request, with size limits: the runs as the run-record schema reads them (configs
// re-validated, unknown metric keys kept), the formats, the experiment's words. Unknown top-level keys (a path, a file
// name) are refused.
import { z } from 'zod';
import { countJsonBytes, INPUT_LIMITS } from '../../core/config/limits';
import { metricPointSchema, RECORD_LIMITS, runRecordSchema } from '../../core/record';
import { REPORT_FORMATS, type ExportReportRequest } from '../api';
import { IpcRefusal, describeZodError } from './refusal';

export const REPORT_LIMITS = {
  runs: 64,
  metricsPerRun: 100_000,
  metricsTotal: 400_000,
  shortText: RECORD_LIMITS.shortText,
  longText: RECORD_LIMITS.longText,
};

const shortText = z
  .string({ error: 'must be a string' })
  .max(REPORT_LIMITS.shortText, { error: `must be at most ${REPORT_LIMITS.shortText} characters` });
const longText = z
  .string({ error: 'must be a string' })
  .max(REPORT_LIMITS.longText, { error: `must be at most ${REPORT_LIMITS.longText} characters` });

/** Each run as the run-record schema reads it (configs re-validated, unknown metric and summary keys kept). */
const runSchema = z.object({
  record: runRecordSchema,
  metrics: z.array(metricPointSchema).max(REPORT_LIMITS.metricsPerRun),
});

const requestSchema = z.strictObject({
  runs: z.array(runSchema).min(1, { error: 'must hold at least one run' }).max(REPORT_LIMITS.runs),
  formats: z
    .array(z.enum(REPORT_FORMATS, { error: `must be one of ${REPORT_FORMATS.join(', ')}` }))
    .min(1, { error: 'must name at least one format' })
    .max(REPORT_FORMATS.length)
    .refine((formats) => new Set(formats).size === formats.length, { error: 'must not repeat a format' }),
  experiment: z
    .strictObject({
      name: shortText,
      description: longText.optional(),
      claim: longText.optional(),
      claims: z.array(shortText).max(REPORT_LIMITS.runs).optional(),
      repeats: z.number({ error: 'must be a number' }).int({ error: 'must be an integer' }).positive().optional(),
    })
    .optional(),
  logLoss: z.boolean({ error: 'must be true or false' }).optional(),
});

/**
 * Counts before parsing, so an oversized request is refused before the schema walks it: array lengths first, then
 * its bytes as JSON (a walk that stops at the limit, and at a cycle).
 */
function checkReportSize(payload: unknown): void {
  const runs = (payload as { runs?: unknown } | null)?.runs;
  if (!Array.isArray(runs)) return;
  if (runs.length > REPORT_LIMITS.runs)
    throw new IpcRefusal(`export report refused: ${runs.length} runs; at most ${REPORT_LIMITS.runs} per report`);
  let total = 0;
  for (const run of runs) {
    const metrics = (run as { metrics?: unknown } | null)?.metrics;
    if (Array.isArray(metrics)) total += metrics.length;
  }
  if (total > REPORT_LIMITS.metricsTotal) {
    throw new IpcRefusal(
      `export report refused: ${total} metric points; at most ${REPORT_LIMITS.metricsTotal} per report`,
    );
  }
  // Unknown keys count too: the payload's bytes as JSON, counted until past the limit (core/config/limits.ts). A
  // cycle (Infinity) is left to the schema, which names where it is.
  const limit = INPUT_LIMITS.ipcPayloadBytes;
  const bytes = countJsonBytes(payload, limit);
  if (bytes > limit && bytes !== Infinity)
    throw new IpcRefusal(`export report refused: the request is more than ${limit} bytes of JSON`);
}

/** The request, validated, with each run's config resolved; throws IpcRefusal naming what is wrong. */
export function parseReportRequest(payload: unknown): ExportReportRequest {
  checkReportSize(payload);
  const result = requestSchema.safeParse(payload);
  if (!result.success) throw describeZodError('export report', result.error);
  return result.data;
}
