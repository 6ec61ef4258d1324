// `run --jobs N`: the default job count per backend, and how the reports mark an overlapped run (which runs
// overlapped: test/runs-overlap.test.ts).
import { describe, expect, it } from 'vitest';
import { defaultJobs } from '../cli/commands/run-jobs';
import { buildSummaryRows, listRunNotes, SUMMARY_HEADERS } from '../core/report/summary';
import { buildMarkdownReport } from '../core/report/markdown';
import { makeRuns } from './report-fixtures';

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
