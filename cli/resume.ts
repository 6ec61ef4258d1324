// What `train --resume DIR` continues, checked in full before the run folder is touched: run.json's config through
// the schema (or --config's), the checkpoint (a regular file; model, step, sampler and optimizer slots), the steps.
import { join } from 'node:path';
import { parseConfig, type Config } from '../core/config';
import { decodeResumableState } from '../core/train/train-state';
import type { MetricPoint, RunRecord } from '../core/train/record';
import { CliError } from './errors';
import { readConfig } from './files';
import { readCheckpoint, readRunFolder, RUN_JSON } from './run-folder';

export interface PreparedResume {
  record: RunRecord;
  /** The points up to the checkpoint's step: later ones are trained again. */
  metrics: MetricPoint[];
  checkpoint: Uint8Array;
  /** The steps the checkpoint has completed. */
  startStep: number;
  config: Config;
}

export async function prepareResume(
  dir: string,
  opts: { configPath?: string; steps?: number },
): Promise<PreparedResume> {
  const previous = await readRunFolder(dir);
  let config: Config;
  if (opts.configPath !== undefined) config = await readConfig(opts.configPath);
  // run.json is a file anyone can edit: its config is validated like any other.
  else config = parseConfig(previous.record.config, `${join(dir, RUN_JSON)} config`);
  if (opts.steps !== undefined) config = { ...config, train: { ...config.train, steps: opts.steps } };
  const checkpoint = await readCheckpoint(dir);
  let startStep: number;
  try {
    startStep = decodeResumableState(checkpoint, config).step;
  } catch (e) {
    throw new CliError(`cannot resume ${dir}: ${(e as Error).message}`);
  }
  const metrics = previous.metrics.filter((p) => p.step <= startStep);
  return { record: previous.record, metrics, checkpoint, startStep, config };
}
