// The run record (run.json), its summary and its metric points (metrics.jsonl lines) as one zod schema: every reader
// (run folders, IndexedDB imports, IPC, reports) validates with it and every type is derived from it (docs/design.md §2).
import { z } from 'zod';
import { checkConfig, type Config } from '../config/parse';
import { countJsonBytes, INPUT_LIMITS } from '../config/limits';

/** The limits of a record's texts and lists, as core/config/limits.ts states them. */
export const RECORD_LIMITS = {
  shortText: INPUT_LIMITS.nameChars,
  longText: INPUT_LIMITS.textChars,
  listLength: INPUT_LIMITS.listLength,
};

/** A whole record or point, unknown keys included, is at most `limit` bytes of JSON (core/config/limits.ts). */
const withinBytes = (limit: number, what: string) => (value: object, ctx: z.RefinementCtx) => {
  if (countJsonBytes(value, limit) > limit)
    ctx.addIssue({ code: 'custom', message: `${what} is more than ${limit} bytes of JSON (unknown keys included)` });
};

/** The message for a key that is absent, else `problem`. */
const missingOr = (problem: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? 'is missing' : problem;
/** Any number, NaN and ±Infinity included (a diverged run): zod's number() refuses those. */
const anyNumber = z.custom<number>((v) => typeof v === 'number', { error: missingOr('must be a number') });
/** JSON writes NaN and ±Infinity as null; read back, a null where a number belongs is NaN ("not finite"). */
const loggedNumber = z.union([anyNumber, z.null().transform(() => Number.NaN)], {
  error: missingOr('must be a number'),
});
const shortText = z
  .string({ error: missingOr('must be a string') })
  .max(RECORD_LIMITS.shortText, { error: `must be at most ${RECORD_LIMITS.shortText} characters` });
const longText = z
  .string({ error: missingOr('must be a string') })
  .max(RECORD_LIMITS.longText, { error: `must be at most ${RECORD_LIMITS.longText} characters` });
const numberList = z.array(loggedNumber).max(RECORD_LIMITS.listLength);

/**
 * A key this schema does not know (a metric added later, say) is kept, not dropped, so it reaches report.json; it
 * must be plain data of bounded size.
 */
const extraValue = z.union([anyNumber, z.null(), z.boolean(), longText, numberList], {
  error: 'must be a number, null, true/false, a string or a list of numbers',
});

const metricPointFields = z.object({
  step: loggedNumber,
  /** Tokens trained on so far (batch · seqLen · step). */
  tokens: loggedNumber,
  /** Milliseconds since the run started (paused time excluded). */
  wallMs: loggedNumber,
  /** Mean next-token cross-entropy of this step's batch, in nats (z-loss not included). */
  trainLoss: loggedNumber,
  /** The z-loss term as added to the training loss (coef · mean(log Z ^ 2)). */
  zLoss: loggedNumber,
  /** Validation cross-entropy, on steps where it was evaluated. */
  valLoss: loggedNumber.optional(),
  /** Global gradient norm before clipping. */
  gradNorm: loggedNumber,
  lr: loggedNumber,
  stepMs: loggedNumber,
  tokensPerSec: loggedNumber,
  /** Achieved model FLOP/s: tokensPerSec · FLOPs per token (docs/palm.md §3). */
  flopsPerSec: loggedNumber,
  /** Model FLOPs utilisation against the run's peak (summary.peak says which); null when no peak is known. */
  mfu: loggedNumber.nullable(),
  paramBytes: loggedNumber,
  optimizerStateBytes: loggedNumber,
  /** Highest tf.memory().numBytes seen during the step. */
  peakBytes: loggedNumber,
  numTensors: loggedNumber,
  /** Stability diagnostics (Wortsman et al. 2023) on a fixed validation batch at this step: the largest attention
   * logit q·k/sqrt(Dh) of any layer and head, and the mean over tokens of the output log Z. */
  maxAttnLogit: loggedNumber.optional(),
  meanLogZ: loggedNumber.optional(),
});

/** One logged training step (a metrics.jsonl line). Units are in the names; absent values are omitted. */
export const metricPointSchema = metricPointFields
  .catchall(extraValue)
  .superRefine(withinBytes(INPUT_LIMITS.metricPointBytes, 'a metric point'));

const RUN_STATUSES = ['queued', 'running', 'paused', 'stopped', 'done', 'diverged', 'failed'] as const;
export const runStatusSchema = z.enum(RUN_STATUSES, {
  error: missingOr(`must be one of ${RUN_STATUSES.join(', ')}`),
});

export const peakFlopsSchema = z.object({
  flopsPerSec: anyNumber,
  source: z.enum(['calibrated', 'nominal'], { error: 'must be "calibrated" or "nominal"' }),
});

const lengthEvalSchema = z
  .object({ factor: anyNumber, seqLen: anyNumber, loss: loggedNumber.nullable(), note: longText.optional() })
  .catchall(extraValue);

const runSummaryFields = z.object(
  {
    params: loggedNumber,
    flopsPerToken: loggedNumber,
    steps: loggedNumber,
    tokens: loggedNumber,
    wallMs: loggedNumber,
    finalTrainLoss: loggedNumber.nullable(),
    finalValLoss: loggedNumber.nullable(),
    bestValLoss: loggedNumber.nullable(),
    /** Median over logged steps. */
    tokensPerSec: loggedNumber.nullable(),
    mfu: loggedNumber.nullable(),
    peak: peakFlopsSchema.nullable(),
    peakBytes: loggedNumber,
    paramBytes: loggedNumber,
    optimizerStateBytes: loggedNumber,
    kvCacheBytesPerToken: loggedNumber,
    /** Final val loss in bits per byte of text: comparable across tokenizers (nats/token are not). */
    valBitsPerByte: loggedNumber.nullable().optional(),
    /** Final val loss at each position 0 .. seqLen − 1 (nats). */
    valLossByPosition: numberList.optional(),
    /** Val loss on windows `factor` times the training length; null (with why) when the model cannot go there. */
    valLossAtLength: z.array(lengthEvalSchema).max(64).optional(),
    /** Why the run ended early (diverged or failed). */
    reason: longText.optional(),
  },
  { error: missingOr('must be a summary object or null') },
);

/** A finished (or ended) run's figures, as run.json's `summary` holds them. */
export const runSummarySchema = runSummaryFields.catchall(extraValue);

/** The config as the record stores it: resolved, and re-validated by the config schema on every read. */
const recordConfig = z.unknown().transform((input, ctx): Config => {
  if (input === undefined) {
    ctx.addIssue({ code: 'custom', message: 'is missing' });
    return z.NEVER;
  }
  const result = checkConfig(input);
  if (result.ok) return result.config;
  for (const issue of result.issues) ctx.addIssue({ code: 'custom', message: `${issue.path} ${issue.message}` });
  return z.NEVER;
});

const runRecordFields = z.object({
  id: shortText,
  name: shortText,
  /** How the run differs from its experiment's base, e.g. "attention: mqa→mha"; empty for the base itself. */
  label: shortText.default(''),
  config: recordConfig,
  seed: anyNumber,
  backend: shortText,
  adapter: shortText.optional(),
  status: runStatusSchema,
  createdAt: shortText,
  summary: runSummarySchema.nullable(),
  /** The runs that trained at the same time as this one, by their folder names (`run --jobs N`) or their names (the
   *  UI's parallel runs): its speed figures shared the machine with them, so they are not comparable to solo runs.
   *  Absent when it trained alone. */
  overlappedWith: z.array(shortText).max(RECORD_LIMITS.listLength).optional(),
  /** The ladder rung of an experiment with a scale ladder (docs/evidence.md, Ladders): reports group runs by it. */
  rung: z.object({ index: anyNumber, name: shortText }).optional(),
});

/** run.json: who the run is, what it trained, where it stands, and its summary once it has one. */
export const runRecordSchema = runRecordFields
  .catchall(extraValue)
  .superRefine(withinBytes(INPUT_LIMITS.runRecordBytes, 'a run record'));

/** A run with its metrics, as a report, a chart or an export holds it. */
export const runDataSchema = z.object({
  record: runRecordSchema,
  metrics: z.array(metricPointSchema, { error: missingOr('must be a list of metric points') }),
});

/**
 * The experiment a report is about, as `run` records it beside its run folders (experiment.json; other keys, such as
 * a shard's, are dropped here) and the desktop export sends it.
 */
export const reportExperimentSchema = z.object({
  name: shortText,
  description: longText.optional(),
  claim: longText.optional(),
  claims: z.array(shortText).max(RECORD_LIMITS.listLength).optional(),
  repeats: z.number({ error: 'must be a number' }).int({ error: 'must be an integer' }).positive().optional(),
  /** The val loss time-to-target aims at (the spec's targetLoss; docs/evidence.md, Method). */
  targetLoss: z.number({ error: 'must be a number' }).positive({ error: 'must be > 0' }).optional(),
  /** Nats above the best final loss from which a swept learning rate counts as unstable (the spec's
   *  instabilityMargin; docs/evidence.md, Where instability starts). */
  instabilityMargin: z.number({ error: 'must be a number' }).positive({ error: 'must be > 0' }).optional(),
});

/** A type without its index signature: code names the known keys; the schemas also keep unknown ones. */
type KnownKeys<T> = { [K in keyof T as string extends K ? never : K]: T[K] };

export type MetricPoint = KnownKeys<z.output<typeof metricPointSchema>>;
export type RunStatus = z.output<typeof runStatusSchema>;
export type PeakFlops = z.output<typeof peakFlopsSchema>;
export type LengthEval = KnownKeys<z.output<typeof lengthEvalSchema>>;
export type RunSummary = Omit<KnownKeys<z.output<typeof runSummarySchema>>, 'valLossAtLength'> & {
  valLossAtLength?: LengthEval[];
};
export type RunRecord = Omit<KnownKeys<z.output<typeof runRecordSchema>>, 'summary'> & { summary: RunSummary | null };
export interface RunData {
  record: RunRecord;
  metrics: MetricPoint[];
}
