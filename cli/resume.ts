// What `train --resume DIR` continues, checked in full before the run folder is touched: run.json's config through
// the schema (or --config's), the checkpoint (a regular file; model, step, sampler and optimizer slots), the steps.
import type { Config } from '../core/config';
import { decodeResumableState } from '../core/train/train-state';
import { metricsCoveredBy, type MetricPoint, type RunRecord } from '../core/record';
import { CliError } from './errors';
import { readConfig } from './files';
import { readCheckpoint, readRunFolder } from './run-folder';

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
  // run.json is a file anyone can edit: readRunFolder has validated its config through the record schema.
  let config: Config = opts.configPath !== undefined ? await readConfig(opts.configPath) : previous.record.config;
  if (opts.steps !== undefined) config = { ...config, train: { ...config.train, steps: opts.steps } };
  const checkpoint = await readCheckpoint(dir);
  let startStep: number;
  try {
    startStep = decodeResumableState(checkpoint, config).step;
  } catch (e) {
    throw new CliError(`cannot resume ${dir}: ${(e as Error).message}`);
  }
  const metrics = metricsCoveredBy(previous.metrics, startStep);
  return { record: previous.record, metrics, checkpoint, startStep, config };
}
