// The shape of a run.json as `report` and `train --resume` read it (DESIGN.md §2 "Run record"), checked with zod so
// a malformed file is an error naming the file and the key. Minimal: the fields the CLI uses; the config itself is
// validated by parseConfig where it is trained (cli/resume.ts). Unknown keys pass, for records of later versions.
import { z } from 'zod';
import type { RunRecord } from '../core/train/record';

const RUN_STATUSES = ['queued', 'running', 'paused', 'stopped', 'done', 'diverged', 'failed'] as const;

const runRecordSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  label: z.string().default(''),
  config: z.looseObject({ model: z.looseObject({}), train: z.looseObject({}) }),
  seed: z.number(),
  backend: z.string(),
  adapter: z.string().optional(),
  status: z.enum(RUN_STATUSES),
  createdAt: z.string(),
  summary: z.looseObject({ steps: z.number(), reason: z.string().optional() }).nullable(),
});

/** The record, or a message naming each bad key ("name: expected string, received number"). */
export function parseRunRecord(json: unknown): { record: RunRecord } | { problems: string } {
  const parsed = runRecordSchema.safeParse(json);
  if (parsed.success) return { record: parsed.data as unknown as RunRecord };
  const problems = parsed.error.issues
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
  return { problems };
}
