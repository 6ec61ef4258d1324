// What `train --resume DIR` continues, checked in full before the run folder is touched: run.json's config through
// the schema (or --config's), the checkpoint (a regular file; model, step, sampler and optimizer slots; every value
// finite, as `eval` checks), the steps.
import { join } from 'node:path';
import { describeNonFinite, findNonFinite } from '../core/checkpoint';
import type { Config } from '../core/config';
import { decodeResumableState } from '../core/train/train-state';
import { metricsCoveredBy, type MetricPoint, type RunRecord } from '../core/record';
import { CliError } from './errors';
import { readConfig } from './files';
import { CHECKPOINT_FILE, readCheckpoint, readRunFolder } from './run-folder';

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
  let state;
  try {
    state = decodeResumableState(checkpoint, config);
  } catch (e) {
    throw new CliError(`cannot resume ${dir}: ${(e as Error).message}`);
  }
  // As `eval` does: a NaN in the weights or the optimizer's slots would train into a diverged run and relabel a
  // finished one; the folder is not touched.
  const nonFinite = findNonFinite(state.weights) ?? findNonFinite(state.slots);
  if (nonFinite) {
    throw new CliError(
      `cannot resume ${dir}: ${join(dir, CHECKPOINT_FILE)}: ${describeNonFinite(nonFinite)}; it cannot be trained on`,
    );
  }
  const startStep = state.step;
  const metrics = metricsCoveredBy(previous.metrics, startStep);
  return { record: previous.record, metrics, checkpoint, startStep, config };
}
