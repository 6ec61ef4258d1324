// Builds a sample report (HTML, Markdown, CSV, JSON) from SYNTHETIC runs of experiments/mha-vs-mqa.json, to look at
// the report without training: `npx tsx scripts/sample-report.ts [outDir]` (default /tmp) writes report.{html,md,csv,json}.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expandExperiment, parseExperiment } from '../core/config/experiment';
import type { Config } from '../core/config/schema';
import { flopsPerToken } from '../core/metrics/flops';
import { kvCacheBytesPerToken, paramBytes } from '../core/metrics/memory';
import { buildHtmlReport, buildJsonReport, buildMarkdownReport, buildMetricsCsv } from '../core/report';
import { median } from '../core/report/summary';
import type { MetricPoint, RunData, RunStatus } from '../core/train/record';

const CALIBRATED_PEAK = 2e10;

/** mulberry32: a tiny seeded generator, so the sample is the same every time. */
function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Shape {
  floorLoss: number;
  tokensPerSec: number;
  /** Step from which the loss blows up, for a diverged run. */
  divergeAt?: number;
}

function simulateMetrics(config: Config, shape: Shape, seed: number): MetricPoint[] {
  const random = createRandom(seed);
  const { batchSize, steps, logEvery, evalEvery } = config.train;
  const tokensPerStep = batchSize * config.model.seqLen;
  const flops = flopsPerToken(config.model);
  const params = paramBytes(config.model);
  const points: MetricPoint[] = [];
  for (let step = logEvery; step <= steps; step += logEvery) {
    const clean = shape.floorLoss + (5.55 - shape.floorLoss) * Math.exp(-step / 70);
    const blowUp = shape.divergeAt !== undefined && step > shape.divergeAt ? Math.exp((step - shape.divergeAt) / 12) - 1 : 0;
    const trainLoss = clean + blowUp + (random() - 0.5) * 0.12;
    const tokensPerSec = shape.tokensPerSec * (0.9 + 0.2 * random()) * (step === logEvery ? 0.6 : 1);
    const stepMs = (tokensPerStep / tokensPerSec) * 1000;
    points.push({
      step, tokens: step * tokensPerStep, wallMs: (step * tokensPerStep * 1000) / shape.tokensPerSec, trainLoss, zLoss: 1e-4 * 9,
      ...(step % evalEvery === 0 ? { valLoss: clean + blowUp + 0.06 } : {}),
      gradNorm: 0.8 + random(), lr: config.optimizer.learningRate, stepMs, tokensPerSec, flopsPerSec: tokensPerSec * flops,
      mfu: (tokensPerSec * flops) / CALIBRATED_PEAK, paramBytes: params, optimizerStateBytes: 2 * params,
      peakBytes: params * 3 + tokensPerStep * config.model.dModel * config.model.nLayers * 4 * 12 * (1 + random() * 0.02),
      numTensors: 140,
    });
    if (shape.divergeAt !== undefined && trainLoss > 4 * 5.55) break;
  }
  return points;
}

function simulateRun(name: string, label: string, config: Config, shape: Shape, index: number): RunData {
  const metrics = simulateMetrics(config, shape, 1000 + index);
  const last = metrics[metrics.length - 1];
  const vals = metrics.flatMap((p) => (p.valLoss === undefined ? [] : [p.valLoss]));
  const status: RunStatus = shape.divergeAt !== undefined ? 'diverged' : 'done';
  return {
    record: {
      id: `sample-${index}`, name, label, config, seed: config.train.seed, backend: 'wasm', status, createdAt: '2025-01-01T12:00:00.000Z',
      summary: {
        params: paramBytes(config.model) / 4, flopsPerToken: flopsPerToken(config.model), steps: last.step, tokens: last.tokens,
        wallMs: last.wallMs, finalTrainLoss: last.trainLoss, finalValLoss: vals.at(-1) ?? null, bestValLoss: Math.min(...vals),
        tokensPerSec: median(metrics.map((p) => p.tokensPerSec)), mfu: median(metrics.map((p) => p.mfu ?? 0)),
        peak: { flopsPerSec: CALIBRATED_PEAK, source: 'calibrated' }, peakBytes: Math.max(...metrics.map((p) => p.peakBytes)),
        paramBytes: last.paramBytes, optimizerStateBytes: last.optimizerStateBytes, kvCacheBytesPerToken: kvCacheBytesPerToken(config.model),
        ...(status === 'diverged' ? { reason: `training loss above 4× its start at step ${last.step}` } : {}),
      },
    },
    metrics,
  };
}

const outDir = process.argv[2] ?? '/tmp';
const file = 'experiments/mha-vs-mqa.json';
const experiment = parseExperiment(JSON.parse(readFileSync(file, 'utf8')), file);
const shapes: Shape[] = [{ floorLoss: 1.85, tokensPerSec: 9200 }, { floorLoss: 1.8, tokensPerSec: 8300 }, { floorLoss: 1.83, tokensPerSec: 8800, divergeAt: 220 }];
const runs = expandExperiment(experiment).map((run, i) => simulateRun(run.name, run.label, run.config, shapes[i % shapes.length], i));
const info = { name: `${experiment.name} (synthetic sample data)`, description: experiment.description, claim: experiment.claim };

writeFileSync(join(outDir, 'report.html'), buildHtmlReport(runs, info));
writeFileSync(join(outDir, 'report.md'), buildMarkdownReport(runs, info));
writeFileSync(join(outDir, 'report.csv'), buildMetricsCsv(runs));
writeFileSync(join(outDir, 'report.json'), buildJsonReport(runs, info));
console.log(`wrote ${['html', 'md', 'csv', 'json'].map((ext) => join(outDir, `report.${ext}`)).join(', ')}`);
