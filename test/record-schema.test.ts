// The run-record schema (core/record): records and metric points round-trip through every reader, bad ones are
// refused with a message naming the key, and a metric or summary key the schema does not know survives the whole
// way from a run through IndexedDB, an export, the IPC request and run folders into report.json.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../core/config';
import {
  metricsCoveredBy,
  parseMetricPoint,
  parseRunData,
  parseRunRecord,
  RunRecordError,
  type RunData,
} from '../core/record';
import { buildJsonReport, buildMetricsCsv, CSV_HEADER } from '../core/report';
import { parseMetricsJsonl, readRunFolder, RunFolder } from '../cli/run-folder';
import { parseReportRequest } from '../electron/ipc/report-request';
import { exportRunsJson, parseRunsJson, restoreRun, toStoredRun } from '../renderer/src/store/serialise';
import type { RunEntry } from '../renderer/src/store/types';
import { makeRuns } from './report-fixtures';
import { makePoint } from './ui-fakes';

const tmp = mkdtempSync(join(tmpdir(), 'record-schema-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A run whose points and summary carry keys the schema has never heard of. */
function runWithNewKeys(): RunData {
  const [run] = makeRuns();
  return {
    record: { ...run!.record, summary: { ...run!.record.summary!, ...{ newFigure: 0.25, newNote: 'kept' } } },
    metrics: run!.metrics.map((p, i) => ({ ...p, ...{ newMetric: i + 0.5, newList: [1, 2] } })),
  };
}

describe('run-record schema round trip', () => {
  it('reads back what it is given: records, summaries and points unchanged (configs re-resolved to the same)', () => {
    for (const run of makeRuns()) {
      expect(parseRunData(structuredClone(run), 'test')).toEqual(run);
      expect(parseRunRecord(run.record, 'test')).toEqual(run.record);
      for (const p of run.metrics) expect(parseMetricPoint(p, 'test')).toEqual(p);
    }
  });

  it('reads JSON text back: NaN and ±Infinity, written by JSON as null, come back as NaN; a null mfu stays null', () => {
    const p = { ...makePoint(3), trainLoss: Number.POSITIVE_INFINITY, gradNorm: Number.NaN, mfu: null };
    const back = parseMetricPoint(JSON.parse(JSON.stringify(p)), 'test');
    expect(back.trainLoss).toBeNaN();
    expect(back.gradNorm).toBeNaN();
    expect(back.mfu).toBeNull();
    expect(back.step).toBe(3);
  });

  it('gives an old record without a label the empty label of a base run', () => {
    const { label: _label, ...unlabelled } = makeRuns()[0]!.record;
    expect(parseRunRecord(unlabelled, 'test').label).toBe('');
  });
});

describe('run-record schema refusals name the key', () => {
  const record = makeRuns()[0]!.record;
  it.each([
    ['a missing name', { ...record, name: undefined }, /^run\.json: name: is missing$/],
    ['a wrong status', { ...record, status: 'hacked' }, /^run\.json: status: must be one of queued, running/],
    ['a string seed', { ...record, seed: '1' }, /^run\.json: seed: must be a number$/],
    ['an impossible config', { ...record, config: { model: { nHeads: 0 } } }, /config: model\.nHeads must be/],
    [
      'a summary loss that is text',
      { ...record, summary: { ...record.summary, finalValLoss: 'low' } },
      /summary\.finalValLoss: must be a number/,
    ],
    [
      'an unknown key holding an object',
      { ...record, extra: { deep: 1 } },
      /^run\.json: extra: must be a number, null/,
    ],
  ])('%s', (_what, input, message) => {
    expect(() => parseRunRecord(input, 'run.json')).toThrow(RunRecordError);
    expect(() => parseRunRecord(input, 'run.json')).toThrow(message);
  });

  it('a metric point: the key, under the path it was given', () => {
    expect(() => parseMetricPoint({ ...makePoint(1), trainLoss: '1' }, 'import', ['runs', 0, 'metrics', 4])).toThrow(
      'import: runs[0].metrics[4].trainLoss: must be a number',
    );
    expect(() => parseMetricPoint({ ...makePoint(1), lr: undefined }, 'x')).toThrow('x: lr: is missing');
  });

  it('a metrics.jsonl line: the file, the line and the key (a torn last line is still dropped)', () => {
    const good = JSON.stringify(makePoint(1));
    const bad = JSON.stringify({ ...makePoint(2), stepMs: 'slow' });
    expect(() => parseMetricsJsonl(`${good}\n${bad}\n${good}\n`, 'm.jsonl')).toThrow(
      'm.jsonl: line 2: stepMs: must be a number',
    );
    expect(parseMetricsJsonl(`${good}\n{"step": 2, "tok`, 'm.jsonl')).toHaveLength(1);
  });
});

describe('a key the schema does not know', () => {
  it('survives run -> IndexedDB -> export -> import -> IPC request -> report.json', () => {
    const run = runWithNewKeys();
    const entry: RunEntry = { ...run, checkpointStep: 30, attached: true };
    const restored = restoreRun(structuredClone(toStoredRun(entry))); // IndexedDB keeps a structured clone
    const imported = parseRunsJson(exportRunsJson([restored]));
    const request = parseReportRequest(structuredClone({ runs: imported, formats: ['json'] }));
    const report = JSON.parse(buildJsonReport(request.runs)) as { runs: RunData[] };
    const [out] = report.runs;
    expect(out!.metrics.map((p) => (p as Record<string, unknown>).newMetric)).toEqual([0.5, 1.5, 2.5]);
    expect((out!.metrics[0] as Record<string, unknown>).newList).toEqual([1, 2]);
    expect(out!.record.summary).toMatchObject({ newFigure: 0.25, newNote: 'kept' });
    expect(out).toEqual(JSON.parse(JSON.stringify(run)));
  });

  it('gets its own metrics.csv column after the fixed ones', () => {
    const [header, first] = buildMetricsCsv([runWithNewKeys()]).split('\r\n');
    expect(header).toBe([...CSV_HEADER, 'newMetric', 'newList'].join(','));
    expect(first!.endsWith(',0.5,"[1,2]"')).toBe(true);
  });

  it('survives a run folder: run.json and metrics.jsonl written and read back', async () => {
    const run = runWithNewKeys();
    const folder = new RunFolder(join(tmp, 'run'));
    folder.writeRecord({ ...run.record, ...{ newRecordKey: 'x' } });
    folder.writeMetrics(run.metrics);
    const back = await readRunFolder(folder.dir);
    expect(back).toEqual({ record: { ...run.record, newRecordKey: 'x' }, metrics: run.metrics });
  });

  it('a run folder whose run.json breaks the schema is refused, naming the file and the key', async () => {
    const dir = join(tmp, 'bad');
    new RunFolder(dir).writeRecord(makeRuns()[0]!.record);
    const json = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ ...json, backend: 7 }));
    await expect(readRunFolder(dir)).rejects.toThrow(
      /run\.json is not a PaLM Workbench run record: backend: must be a string/,
    );
  });
});

/** A run carrying every field the evidence work added: diagnostics on points, bits/byte and length evals in the summary. */
function runWithEvidence(): RunData {
  const [run] = makeRuns();
  return {
    record: {
      ...run!.record,
      summary: {
        ...run!.record.summary!,
        valBitsPerByte: 1.75,
        valLossByPosition: [3.5, 2.25, 2],
        valLossAtLength: [
          { factor: 2, seqLen: 64, loss: 2.5 },
          { factor: 4, seqLen: 128, loss: null, note: 'learned positions end at 64' },
        ],
      },
    },
    metrics: run!.metrics.map((p, i) => ({ ...p, maxAttnLogit: 4 + i, meanLogZ: 0.125 * i })),
  };
}

describe('the evidence fields (diagnostics, bits per byte, loss by position and length)', () => {
  it('survive run -> IndexedDB -> export -> import -> IPC request -> report.json unchanged', () => {
    const run = runWithEvidence();
    const entry: RunEntry = { ...run, checkpointStep: 30, attached: true };
    const imported = parseRunsJson(exportRunsJson([restoreRun(structuredClone(toStoredRun(entry)))]));
    const request = parseReportRequest(structuredClone({ runs: imported, formats: ['json'] }));
    const [out] = (JSON.parse(buildJsonReport(request.runs)) as { runs: RunData[] }).runs;
    expect(out!.metrics.map((p) => [p.maxAttnLogit, p.meanLogZ])).toEqual([
      [4, 0],
      [5, 0.125],
      [6, 0.25],
    ]);
    expect(out!.record.summary!.valBitsPerByte).toBe(1.75);
    expect(out!.record.summary!.valLossByPosition).toEqual([3.5, 2.25, 2]);
    expect(out!.record.summary!.valLossAtLength![1]).toEqual({
      factor: 4,
      seqLen: 128,
      loss: null,
      note: 'learned positions end at 64',
    });
    expect(out).toEqual(JSON.parse(JSON.stringify(run)));
  });

  it('survive a run folder and reach metrics.csv as columns', async () => {
    const run = runWithEvidence();
    const folder = new RunFolder(join(tmp, 'evidence'));
    folder.writeRecord(run.record);
    folder.writeMetrics(run.metrics);
    expect(await readRunFolder(folder.dir)).toEqual(run);
    const [header, first] = buildMetricsCsv([run]).split('\r\n');
    expect(header!.endsWith(',maxAttnLogit,meanLogZ')).toBe(true);
    expect(first!.endsWith(',4,0')).toBe(true);
  });

  it('are refused when malformed, naming the key', () => {
    const run = runWithEvidence();
    const bad = { ...run.record, summary: { ...run.record.summary!, valLossByPosition: 'low' } };
    expect(() => parseRunRecord(bad, 'test')).toThrow(/valLossByPosition/);
  });
});

describe('what a checkpoint covers', () => {
  it('is the points up to its step, in order', () => {
    const points = [5, 10, 15].map((s) => makePoint(s));
    expect(metricsCoveredBy(points, 10).map((p) => p.step)).toEqual([5, 10]);
    expect(metricsCoveredBy(points, 0)).toEqual([]);
  });
});

it('parseConfig in a record: the stored config is the resolved one', () => {
  const config = parseConfig({ model: { attention: 'gqa', kvHeads: 2 } });
  expect(parseRunRecord({ ...makeRuns()[0]!.record, config }, 'test').config).toEqual(config);
});
