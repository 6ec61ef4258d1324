// Reports are safe to open: CSV text cells that a spreadsheet would run as a formula (= + - @, tab, CR first) are
// neutralised with a leading ' (OWASP's CSV-injection advice), numbers are left as numbers; and `report` validates
// each run.json, naming the file and the key when one is malformed (it crashed on a non-string name).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMetricsCsv, neutraliseCsvText } from '../core/report/csv';
import type { MetricPoint, RunData } from '../core/record';
import { palm } from './cli-helpers';
import { makeRuns } from './report-fixtures';

describe('CSV neutralisation', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tindented', "'\tindented"],
    ['\rreturn', "'\rreturn"],
    ['mha', 'mha'],
    ['a=b', 'a=b'],
  ])('%j -> %j', (text, want) => {
    expect(neutraliseCsvText(text)).toBe(want);
  });

  it('neutralises run ids, names and labels in metrics.csv, and leaves negative numbers alone', () => {
    const base = makeRuns()[0] as RunData;
    const run: RunData = {
      ...base,
      record: { ...base.record, id: '@id', name: '=cmd|" /C calc"!A0', label: '+attention: mqa→mha' },
    };
    run.metrics = [{ ...(run.metrics[0] as MetricPoint), zLoss: -0.5 }];
    const row = buildMetricsCsv([run]).split('\r\n')[1]!;
    expect(row.startsWith(`'@id,"'=cmd|"" /C calc""!A0",'+attention: mqa→mha,`)).toBe(true);
    expect(row.split(',')).toContain('-0.5');
  });

  it('neutralises the extra columns too (their names come from the file), and leaves their numbers alone', () => {
    const base = makeRuns()[0] as RunData;
    const point = { ...(base.metrics[0] as MetricPoint), '=evil()': -1.5, note: '@SUM(A1)' } as MetricPoint;
    const [header, row] = buildMetricsCsv([{ ...base, metrics: [point] }]).split('\r\n');
    expect(header!.endsWith(",'=evil(),note")).toBe(true);
    expect(row!.endsWith(",-1.5,'@SUM(A1)")).toBe(true);
  });
});

describe('palm-workbench report and malformed run records', () => {
  it('names the file and the key of a run.json whose name is not a string', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'palm-report-'));
    const dir = join(tmp, 'run');
    mkdirSync(dir);
    const { record } = makeRuns()[0] as RunData;
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ ...record, name: 42 }));
    const r = await palm(['report', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/run\/run\.json is not a PaLM Workbench run record: name: must be a string/);
    expect(r.stderr).not.toMatch(/is not a function|\n\s+at /);
  });
});
