// Size limits: one per input kind (core/config/limits.ts), counted the same way on every side: bytes of UTF-8 JSON,
// unknown keys included. A spec the desktop app saves can be opened again; extra record keys count; a message quotes
// at most a short prefix of a bad value.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseConfig } from '../core/config/parse';
import { countJsonBytes, INPUT_LIMITS } from '../core/config/limits';
import { parseMetricPoint, parseRunRecord } from '../core/record';
import { readConfig } from '../cli/files';
import { openExperiment, saveExperiment } from '../electron/ipc/experiment-files';
import { parseReportRequest } from '../electron/ipc/report-request';
import { makeTempDir, POLICY, TRUSTED } from './electron-helpers';
import { makeRuns } from './report-fixtures';

/** "€" is one UTF-16 unit and three UTF-8 bytes: a count of characters and a count of bytes disagree 3 to 1. */
function specOfBytes(variants: number): Record<string, unknown> {
  return {
    name: 'sizes',
    variants: Array.from({ length: variants }, (_, i) => ({
      name: `${i} ${'€'.repeat(INPUT_LIMITS.nameChars - 8)}`,
      overrides: { 'train.seed': i },
    })),
  };
}
const fileBytes = (spec: unknown) => Buffer.byteLength(`${JSON.stringify(spec, null, 2)}\n`, 'utf8');

describe('countJsonBytes', () => {
  test('is the UTF-8 length of JSON.stringify, unknown keys, shared objects and unwritable values included', () => {
    const shared = { a: [1, 2.5, -3e-7, NaN, null, true], 'é€😀': 'x\n"\\\u0001€😀' };
    const values = [shared, { s: shared, t: shared, u: undefined, f: () => 1 }, [undefined, 'a', [], {}], 'plain', 0];
    for (const v of values) expect(countJsonBytes(v, 1e9)).toBe(Buffer.byteLength(JSON.stringify(v), 'utf8'));
  });

  test('stops past the limit without writing a huge value, and refuses a cycle', () => {
    const huge = { value: 'x'.repeat(50_000_000) };
    expect(countJsonBytes(huge, 1000)).toBeGreaterThan(1000);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(countJsonBytes(cycle, 1000)).toBe(Infinity);
  });
});

describe('the desktop spec limit is counted in bytes both ways', () => {
  // Under the limit in characters, over it in bytes.
  const over = specOfBytes(Math.ceil(INPUT_LIMITS.specBytes / (3 * INPUT_LIMITS.nameChars)));
  const under = specOfBytes(Math.floor(INPUT_LIMITS.specBytes / (3 * INPUT_LIMITS.nameChars + 200)));

  test('a spec over the limit in bytes is refused on save; one under it saves and opens again', async () => {
    expect(`${JSON.stringify(over, null, 2)}\n`.length).toBeLessThan(INPUT_LIMITS.specBytes);
    expect(fileBytes(over)).toBeGreaterThan(INPUT_LIMITS.specBytes);
    expect(fileBytes(under)).toBeLessThan(INPUT_LIMITS.specBytes);
    const dir = await makeTempDir();
    const path = join(dir, 'sizes.json');
    await expect(saveExperiment(TRUSTED, over, { policy: POLICY, chooseSavePath: async () => path })).rejects.toThrow(
      `save experiment refused: the spec is ${fileBytes(over)} bytes; at most ${INPUT_LIMITS.specBytes}`,
    );
    await saveExperiment(TRUSTED, under, { policy: POLICY, chooseSavePath: async () => path });
    expect((await readFile(path)).length).toBe(fileBytes(under));
    const opened = await openExperiment(TRUSTED, { policy: POLICY, chooseFile: async () => path });
    expect(opened).toMatchObject({ canceled: false, spec: under });
  });
});

describe('unknown record keys count against the record limits', () => {
  const { record, metrics } = makeRuns()[0]!;
  const extras = (n: number) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`extra${i}`, 'x'.repeat(INPUT_LIMITS.textChars)]));

  test('a run record, a metric point and an export request', () => {
    const keys = Math.ceil(INPUT_LIMITS.runRecordBytes / INPUT_LIMITS.textChars);
    expect(() => parseRunRecord({ ...record, ...extras(keys) }, 'run.json')).toThrow(
      `run.json: (payload): a run record is more than ${INPUT_LIMITS.runRecordBytes} bytes of JSON (unknown keys included)`,
    );
    expect(parseRunRecord({ ...record, ...extras(2) }, 'run.json')).toHaveProperty('extra1');
    const pointKeys = Math.ceil(INPUT_LIMITS.metricPointBytes / INPUT_LIMITS.textChars);
    expect(() => parseMetricPoint({ ...metrics[0]!, ...extras(pointKeys) }, 'metrics.jsonl: line 1')).toThrow(
      /metrics\.jsonl: line 1: \(payload\): a metric point is more than 65536 bytes/,
    );
    const request = { runs: [{ record: { ...record, ...extras(keys) }, metrics }], formats: ['csv'] };
    expect(() => parseReportRequest(request)).toThrow(/runs\[0\]\.record.*a run record is more than/);
  });
});

describe('messages quote a short prefix of a bad value', () => {
  test('a 50 MB value in a config is named by its key and cut short', () => {
    let message = '';
    try {
      parseConfig({ model: { attention: 'x'.repeat(50_000_000) } }, 'config.json');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/model\.attention: .*\(got "x{60}"… \(50,000,000 characters\)\)/);
    expect(message.length).toBeLessThan(500);
  });

  test('a config file over its limit is refused by its size before it is read', async () => {
    const dir = await makeTempDir();
    const path = join(dir, 'config.json');
    await writeFile(path, `{"model": {"attention": "${'x'.repeat(INPUT_LIMITS.configBytes)}"}}`);
    await expect(readConfig(path)).rejects.toThrow(
      `more than the limit of ${INPUT_LIMITS.configBytes.toLocaleString('en-US')}`,
    );
  });
});
