// The export-report handler without Electron: a valid export writes the generated files into a new sub-folder of
// the chosen folder; hostile senders, payloads and folders are refused with a clear error and nothing is written.
import { readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { exportReport, nameReportFolder, type ExportReportDeps } from '../electron/ipc/export-report';
import { REPORT_LIMITS } from '../electron/ipc/report-request';
import { HOSTILE_SENDERS, listTree, makeTempDir, POLICY, TRUSTED } from './electron-helpers';
import { EXPERIMENT, HOSTILE_NAME, makeRuns } from './report-fixtures';

const NOW = new Date(2025, 0, 2, 3, 4, 5);
const PDF_BYTES = new TextEncoder().encode('%PDF-1.7 fake');

function makeDeps(folder: string | null): ExportReportDeps & { chooseFolder: ReturnType<typeof vi.fn> } {
  return {
    policy: POLICY,
    chooseFolder: vi.fn(async () => folder),
    printToPdf: vi.fn(async () => PDF_BYTES),
    now: () => NOW,
  };
}

const request = (extra: object = {}) => ({
  runs: makeRuns(),
  formats: ['html', 'md', 'csv', 'json', 'pdf'],
  experiment: EXPERIMENT,
  ...extra,
});

describe('export report', () => {
  test('writes every format into a new, generated sub-folder of the chosen folder', async () => {
    const dir = await makeTempDir();
    const deps = makeDeps(dir);
    const result = await exportReport(TRUSTED, request(), deps);
    const sub = 'palm-report-20250102-030405';
    expect(result).toEqual({
      canceled: false,
      folder: dir,
      files: ['report.html', 'report.md', 'metrics.csv', 'report.json', 'report.pdf'].map((f) => join(sub, f)),
    });
    expect(await listTree(dir)).toEqual([
      sub,
      ...['metrics.csv', 'report.html', 'report.json', 'report.md', 'report.pdf'].map((f) => join(sub, f)),
    ]);
    const html = await readFile(join(dir, sub, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('serial-vs-parallel');
    // The hostile run name is escaped by the report builder, not written as markup.
    expect(html).not.toContain(HOSTILE_NAME);
    expect(await readFile(join(dir, sub, 'metrics.csv'), 'utf8')).toMatch(/^runId,runName,runLabel,/);
    expect(JSON.parse(await readFile(join(dir, sub, 'report.json'), 'utf8')).runs).toHaveLength(3);
    expect(await readFile(join(dir, sub, 'report.md'), 'utf8')).toMatch(/^# /);
    expect(new Uint8Array(await readFile(join(dir, sub, 'report.pdf')))).toEqual(PDF_BYTES);
    expect(deps.printToPdf).toHaveBeenCalledWith(html);
  });

  test('a second export in the same second gets its own folder; nothing is overwritten', async () => {
    const dir = await makeTempDir();
    await exportReport(TRUSTED, request({ formats: ['csv'] }), makeDeps(dir));
    const again = await exportReport(TRUSTED, request({ formats: ['csv'] }), makeDeps(dir));
    expect(again).toMatchObject({ files: [join('palm-report-20250102-030405-2', 'metrics.csv')] });
  });

  test('only the requested formats are written, and no PDF is printed unless asked for', async () => {
    const dir = await makeTempDir();
    const deps = makeDeps(dir);
    await exportReport(TRUSTED, request({ formats: ['md'] }), deps);
    expect(await listTree(dir)).toEqual([nameReportFolder(NOW), join(nameReportFolder(NOW), 'report.md')]);
    expect(deps.printToPdf).not.toHaveBeenCalled();
  });

  test('a canceled folder dialog writes nothing', async () => {
    expect(await exportReport(TRUSTED, request(), makeDeps(null))).toEqual({ canceled: true });
  });

  test.each(HOSTILE_SENDERS)('refuses %s before asking for a folder', async (_what, sender, message) => {
    const dir = await makeTempDir();
    const deps = makeDeps(dir);
    await expect(exportReport(sender, request(), deps)).rejects.toThrow(message);
    expect(deps.chooseFolder).not.toHaveBeenCalled();
    expect(await listTree(dir)).toEqual([]);
  });

  test.each([
    [
      'a path in the payload',
      request({ folder: '../../etc' }),
      /export report refused: \(payload\): Unrecognized key: "folder"/,
    ],
    ['a file name in the payload', request({ fileName: '/etc/passwd' }), /Unrecognized key: "fileName"/],
    [
      'a hostile format',
      request({ formats: ['../../etc/passwd'] }),
      /formats\[0\]: must be one of html, md, csv, json, pdf/,
    ],
    ['a repeated format', request({ formats: ['csv', 'csv'] }), /formats: must not repeat a format/],
    ['no formats', request({ formats: [] }), /formats: must name at least one format/],
    ['no runs', request({ runs: [] }), /runs: must hold at least one run/],
    ['runs of the wrong type', request({ runs: 'all' }), /runs: /],
    ['a string payload', '../../etc/passwd', /export report refused: \(payload\): /],
    ['a null payload', null, /export report refused/],
    [
      'a run whose config is impossible',
      request({
        runs: [{ ...makeRuns()[0], record: { ...makeRuns()[0]!.record, config: { model: { nHeads: -1 } } } }],
      }),
      /runs\[0\]\.record\.config: model\.nHeads must be a positive integer/,
    ],
    [
      'a wrong status',
      request({ runs: [{ ...makeRuns()[0], record: { ...makeRuns()[0]!.record, status: 'hacked' } }] }),
      /runs\[0\]\.record\.status/,
    ],
    [
      'a metric that is not a number',
      request({ runs: [{ ...makeRuns()[0], metrics: [{ ...makeRuns()[0]!.metrics[0], trainLoss: '1' }] }] }),
      /runs\[0\]\.metrics\[0\]\.trainLoss: must be a number/,
    ],
    [
      'an oversized experiment description',
      request({ experiment: { name: 'x', description: 'x'.repeat(REPORT_LIMITS.longText + 1) } }),
      /experiment\.description: must be at most 20000 characters/,
    ],
    [
      'an oversized run name',
      request({
        runs: [
          { ...makeRuns()[0], record: { ...makeRuns()[0]!.record, name: 'n'.repeat(REPORT_LIMITS.shortText + 1) } },
        ],
      }),
      /runs\[0\]\.record\.name: must be at most 500 characters/,
    ],
  ])('refuses %s, before asking for a folder', async (_what, payload, message) => {
    const dir = await makeTempDir();
    const deps = makeDeps(dir);
    await expect(exportReport(TRUSTED, payload, deps)).rejects.toThrow(message);
    expect(deps.chooseFolder).not.toHaveBeenCalled();
    expect(await listTree(dir)).toEqual([]);
  });

  test('refuses too many runs or metric points without walking them', async () => {
    const run = makeRuns()[0];
    const deps = makeDeps(await makeTempDir());
    const manyRuns = request({ runs: Array.from({ length: REPORT_LIMITS.runs + 1 }, () => run) });
    await expect(exportReport(TRUSTED, manyRuns, deps)).rejects.toThrow(
      `65 runs; at most ${REPORT_LIMITS.runs} per report`,
    );
    // A sparse array: its length alone is over the limit, so a check that walked it would be slow.
    const hugeMetrics = request({ runs: [{ ...run, metrics: new Array(REPORT_LIMITS.metricsTotal + 1) }] });
    await expect(exportReport(TRUSTED, hugeMetrics, deps)).rejects.toThrow(/400001 metric points; at most 400000/);
  });

  test('accepts NaN and Infinity in metrics (a diverged run) and cyclic junk is refused, not crashed on', async () => {
    const dir = await makeTempDir();
    const runs = makeRuns();
    runs[1]!.metrics[2]!.trainLoss = Number.POSITIVE_INFINITY;
    runs[1]!.metrics[1]!.gradNorm = Number.NaN;
    await expect(exportReport(TRUSTED, request({ runs, formats: ['csv'] }), makeDeps(dir))).resolves.toMatchObject({
      canceled: false,
    });
    const cyclic: Record<string, unknown> = { formats: ['csv'] };
    cyclic.runs = [cyclic];
    await expect(exportReport(TRUSTED, cyclic, makeDeps(dir))).rejects.toThrow(/export report refused: runs\[0\]/);
  });

  test('a symlink in the chosen folder at the generated name, pointing outside, is refused and nothing is written', async () => {
    const dir = await makeTempDir();
    const outside = await makeTempDir();
    await symlink(outside, join(dir, nameReportFolder(NOW)));
    await expect(exportReport(TRUSTED, request(), makeDeps(dir))).rejects.toThrow(
      /is a symbolic link to .* outside the chosen folder/,
    );
    expect(await listTree(outside)).toEqual([]);
  });

  test('the chosen folder must exist and be a folder', async () => {
    const dir = await makeTempDir();
    await writeFile(join(dir, 'file.txt'), 'x');
    await expect(exportReport(TRUSTED, request(), makeDeps(join(dir, 'file.txt')))).rejects.toThrow(
      /not an existing directory/,
    );
    await expect(exportReport(TRUSTED, request(), makeDeps(join(dir, 'missing')))).rejects.toThrow(
      /not an existing directory/,
    );
    expect(await listTree(dir)).toEqual(['file.txt']);
  });

  test('a failed PDF print leaves no half-written report behind', async () => {
    const dir = await makeTempDir();
    const deps = { ...makeDeps(dir), printToPdf: vi.fn(async () => Promise.reject(new Error('printing failed'))) };
    await expect(exportReport(TRUSTED, request(), deps)).rejects.toThrow('printing failed');
    expect(await listTree(dir)).toEqual([]);
  });
});
