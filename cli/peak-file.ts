// The kept peaks file (docs/design.md §3 "MFU"): one calibrated peak per backend per machine, so `train` and `run`
// measure MFU against the same peak from one invocation to the next. A JSON object of entries keyed by core/runs/
// peak.ts peakKey; each entry a KeptPeak plus its calibration's figures when it was measured. Read through the
// safe reader with a size limit; a file that cannot be read or parsed is named and ignored (the peak is measured
// anew and the file replaced), never a failed run. Written atomically.
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { parseJsonText } from '../core/config/json-text';
import type { KeptPeak } from '../core/runs/peak';
import { writeFileAtomic } from './atomic-write';
import { entryExists, readRegularFileSync } from './safe-open';

/** Far above any real file (an entry is ~300 bytes): a bigger one is not ours. */
export const PEAKS_FILE_BYTES = 1024 * 1024;

/** PALM_WORKBENCH_PEAKS, else $XDG_CACHE_HOME/palm-workbench/peaks.json, else ~/.cache/palm-workbench/peaks.json. */
export function peaksFilePath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PALM_WORKBENCH_PEAKS) return env.PALM_WORKBENCH_PEAKS;
  const cache = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'palm-workbench', 'peaks.json');
}

const positive = z.number().refine((x) => Number.isFinite(x) && x > 0, 'must be a positive number');
const entrySchema = z.object({
  flopsPerSec: positive,
  source: z.enum(['calibrated', 'revised']),
  at: z.string().max(64),
  /** The calibration that measured it (core/kernels/calibrate.ts), kept through revisions. */
  calibration: z
    .object({
      peakFlopsPerSec: z.number(),
      bestSize: z.number(),
      samples: z.array(z.object({ size: z.number(), flopsPerSec: z.number() }).loose()).max(64),
      endedBy: z.string().max(32),
      elapsedMs: z.number(),
    })
    .optional(),
});
const fileSchema = z.object({ peaks: z.record(z.string().max(1024), entrySchema) });

export type PeakEntry = z.output<typeof entrySchema>;
export type PeakCalibration = NonNullable<PeakEntry['calibration']>;

/** The file's entries; {} when there is none, and when it cannot be used (`note` says why and names the file). */
export function readPeaks(path: string, note: (line: string) => void): Record<string, PeakEntry> {
  if (!entryExists(path)) return {};
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(
      readRegularFileSync(path, 'kept peaks file', PEAKS_FILE_BYTES),
    );
    const parsed = fileSchema.safeParse(parseJsonText(text, `kept peaks file "${path}"`));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`${issue.path.join('.') || 'the file'}: ${issue.message}`);
    }
    return parsed.data.peaks;
  } catch (e) {
    note(`ignoring the kept peaks file "${path}" (${(e as Error).message}); the peak is measured anew`);
    return {};
  }
}

/** Keep `entry` under `key`, beside the file's other entries (re-read, so another machine key's write is kept). */
export function writePeak(
  path: string,
  key: string,
  entry: KeptPeak & { calibration?: PeakCalibration | undefined },
  note: (line: string) => void,
): void {
  const peaks = { ...readPeaks(path, () => {}), [key]: entry };
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomic(path, `${JSON.stringify({ peaks }, null, 2)}\n`);
  } catch (e) {
    note(`cannot keep the peak in "${path}" (${(e as Error).message}); the next run measures it again`);
  }
}
