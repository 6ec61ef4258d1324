// `run --jobs N`: which runs overlapped (their speed figures shared the machine), the default job count per
// backend, and how the reports mark an overlapped run.
import { describe, expect, it } from 'vitest';
import { defaultJobs, findOverlapping } from '../cli/commands/run-jobs';
import { buildSummaryRows, listRunNotes, SUMMARY_HEADERS } from '../core/report/summary';
import { buildMarkdownReport } from '../core/report/markdown';
import { makeRuns } from './report-fixtures';

describe('overlap of runs', () => {
  it('finds the runs that shared any time with one, and not those that only touch it', () => {
    const runs = [
      { start: 0, end: 10 },
      { start: 5, end: 20 },
      { start: 10, end: 15 }, // starts as run 0 ends: no overlap with it
      { start: 30, end: 40 },
    ];
    expect(findOverlapping(runs, 0)).toEqual([1]);
    expect(findOverlapping(runs, 1)).toEqual([0, 2]);
    expect(findOverlapping(runs, 2)).toEqual([1]);
    expect(findOverlapping(runs, 3)).toEqual([]);
  });

  it('counts a run still training (end Infinity) and skips runs not yet started', () => {
    const runs = [{ start: 0, end: 10 }, { start: 8, end: Infinity }, undefined];
    expect(findOverlapping(runs, 0)).toEqual([1]);
    expect(findOverlapping(runs, 2)).toEqual([]);
  });
});

describe('default --jobs', () => {
  it('is 1 on webgpu and half the cores (at least 1) on wasm and cpu', () => {
    expect(defaultJobs('webgpu', 16)).toBe(1);
    expect(defaultJobs('wasm', 8)).toBe(4);
    expect(defaultJobs('cpu', 3)).toBe(1);
    expect(defaultJobs('cpu', 1)).toBe(1);
  });
});

describe('reports of overlapped runs', () => {
  it('mark the speed of an overlapped run and say with which runs, leaving solo runs unmarked', () => {
    const [base, ...rest] = makeRuns();
    const overlapped = { ...base!, record: { ...base!.record, overlappedWith: ['mha'] } };
    const tpsColumn = SUMMARY_HEADERS.indexOf('Tokens/s (median)') - 2; // cells start after Run and Status
    const rows = buildSummaryRows([overlapped, base!]);
    expect(rows[0]!.cells[tpsColumn]).toMatch(/^[\d,.]+[kM]? \(overlapped\)$/);
    expect(rows[1]!.cells[tpsColumn]).not.toMatch(/overlapped/);
    expect(listRunNotes([overlapped])).toEqual([
      `${base!.record.name}: overlapped with mha (parallel runs); its speed figures are not comparable to solo runs`,
    ]);
    expect(listRunNotes([base!])).toEqual([]);
    expect(buildMarkdownReport([overlapped, ...rest])).toMatch(/overlapped with mha/);
  });
});
