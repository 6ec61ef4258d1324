// One summary (core/metrics/run-summary.ts): the figures a report derives for a run without a summary are those the
// Trainer's summary gives for the same points, and no points means unknown, not zero, for a report.
import { describe, expect, it } from 'vitest';
import { summarizeMetrics, summarizePoints } from '../core/metrics';
import { summarizeRun } from '../core/report';
import { makeRuns } from './report-fixtures';

describe('one run summary for the Trainer and reports', () => {
  it('gives a report the same point figures as the Trainer summary of those points', () => {
    for (const run of makeRuns()) {
      const fromTrainer = summarizeMetrics(run.metrics, run.record.config, null);
      const fromReport = summarizeRun({ ...run, record: { ...run.record, summary: null } });
      for (const key of ['finalTrainLoss', 'finalValLoss', 'bestValLoss', 'tokensPerSec', 'mfu'] as const)
        expect(fromReport[key]).toBe(fromTrainer[key]);
      expect(fromReport.peakBytes).toBe(fromTrainer.peakBytes);
      expect(fromReport.wallMs).toBe(fromTrainer.wallMs);
    }
  });

  it('says unknown for a run with no points, where the Trainer summary starts from zero', () => {
    const config = makeRuns()[0]!.record.config;
    expect(summarizePoints([])).toEqual({
      steps: null,
      tokens: null,
      wallMs: null,
      finalTrainLoss: null,
      finalValLoss: null,
      bestValLoss: null,
      tokensPerSec: null,
      mfu: null,
      peakBytes: null,
      optimizerStateBytes: null,
    });
    expect(summarizeMetrics([], config, null)).toMatchObject({ steps: 0, tokens: 0, wallMs: 0, peakBytes: 0 });
  });
});
