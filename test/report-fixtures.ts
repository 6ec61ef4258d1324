// Hand-written runs for the report tests: a finished base run, a diverged run with a hostile name and a reason,
// and a run still going (no summary, no validation loss, no known peak).
import { parseConfig } from '../core/config/parse';
import type { MetricPoint, RunData, RunRecord, RunSummary } from '../core/record';

function point(step: number, trainLoss: number, extra: Partial<MetricPoint> = {}): MetricPoint {
  return {
    step,
    tokens: step * 1024,
    wallMs: step * 250,
    trainLoss,
    zLoss: 1e-4 * trainLoss,
    gradNorm: 1.5,
    lr: 0.01,
    stepMs: 250,
    tokensPerSec: 4096,
    flopsPerSec: 4096 * 2.5e6,
    mfu: 0.0123,
    paramBytes: 400_000,
    optimizerStateBytes: 800_000,
    peakBytes: 12_345_678,
    numTensors: 120,
    ...extra,
  };
}

function summary(extra: Partial<RunSummary> = {}): RunSummary {
  return {
    params: 1_234_567,
    flopsPerToken: 2.5e6,
    steps: 30,
    tokens: 30_720,
    wallMs: 7_500,
    finalTrainLoss: 2.3456,
    finalValLoss: 2.4012,
    bestValLoss: 2.3999,
    tokensPerSec: 4096,
    mfu: 0.0123,
    peak: { flopsPerSec: 8e11, source: 'calibrated' },
    peakBytes: 12_345_678,
    paramBytes: 400_000,
    optimizerStateBytes: 800_000,
    kvCacheBytesPerToken: 512,
    ...extra,
  };
}

function record(id: string, name: string, label: string, configInput: object, rest: Partial<RunRecord>): RunRecord {
  return {
    id,
    name,
    label,
    config: parseConfig(configInput),
    seed: 0,
    backend: 'cpu',
    status: 'done',
    createdAt: '2025-01-01T00:00:00.000Z',
    summary: null,
    ...rest,
  };
}

export const HOSTILE_NAME = 'serial <script>alert("x")</script>, "quoted"';

export function makeRuns(): RunData[] {
  return [
    {
      record: record('run-a', 'parallel', '', {}, { summary: summary() }),
      metrics: [point(10, 5.1), point(20, 3.2, { valLoss: 3.3 }), point(30, 2.3456, { valLoss: 2.4012 })],
    },
    {
      record: record(
        'run-b',
        HOSTILE_NAME,
        'block: parallel→serial',
        { model: { block: 'serial' } },
        {
          status: 'diverged',
          summary: summary({
            finalTrainLoss: 40.5,
            finalValLoss: null,
            bestValLoss: 3.5,
            tokensPerSec: 3584,
            peakBytes: 13_000_000,
            reason: 'loss above 4× its start at step 30',
          }),
        },
      ),
      metrics: [
        point(10, 5.2, { tokensPerSec: 3584 }),
        point(20, 3.4, { valLoss: 3.5, tokensPerSec: 3584 }),
        point(30, 40.5, { tokensPerSec: 3584 }),
      ],
    },
    {
      record: record(
        'run-c',
        'no val',
        'attention: mqa→mha',
        { model: { attention: 'mha' } },
        { status: 'running', backend: 'webgpu', adapter: 'SwiftShader' },
      ),
      metrics: [point(10, 5.0, { mfu: null, tokensPerSec: 5000 }), point(20, 3.0, { mfu: null, tokensPerSec: 5200 })],
    },
  ];
}

export const EXPERIMENT = {
  name: 'serial-vs-parallel',
  description: 'Parallel against serial blocks & more.',
  claim: 'Parallel layers train ~15% faster at large scale, with a small quality loss at 8B and none at 62B.',
};
