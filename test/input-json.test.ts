// Messages for JSON that misleads or crashes a reader: a repeated key, a number too large for a double, nesting
// 100k deep, "__proto__" in a spec's config objects, a file where a folder belongs, a vocabulary too large, an
// experiment record with a non-string description. Each is refused naming the file and the key.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseExperiment } from '../core/claims';
import { MAX_JSON_DEPTH, parseJsonText } from '../core/config/json-text';
import { BpeTokenizer } from '../core/tokenizer/bpe';
import { MAX_PAIR_ID } from '../core/tokenizer/bpe-merges';
import { palm } from './cli-helpers';
import { makeRuns } from './report-fixtures';

const tempDir = () => mkdtemp(join(tmpdir(), 'palm-json-'));

describe('parseJsonText', () => {
  test('a repeated key is an error naming the file, the path and the key', () => {
    expect(() => parseJsonText('{"base": {"model": {"dModel": 8, "dModel": 16}}}', 'spec.json')).toThrow(
      'spec.json: base.model.dModel: the key "dModel" appears twice (JSON keeps only the last)',
    );
    expect(() => parseJsonText('[{"a": 1}, {"a": 1, "b\\u0022": 2, "b\\"": 3}]', 'x.json')).toThrow(
      'x.json: [1]["b\\""]: the key "b\\"" appears twice',
    );
    // A string ending in escaped backslashes or holding an escaped quote ends where JSON says.
    expect(() => parseJsonText('{"a": "x\\\\", "b": "\\"]", "a": 1}', 'q.json')).toThrow('q.json: a: the key "a"');
    // The same key in sibling objects is no repeat.
    expect(parseJsonText('[{"a": 1}, {"a": 2}]', 'x.json')).toEqual([{ a: 1 }, { a: 2 }]);
  });

  test('a number beyond a double is "must be a finite number" naming the key', () => {
    expect(() => parseJsonText('{"model": {"dModel": 1e309}}', 'c.json')).toThrow(
      'c.json: model.dModel: must be a finite number (got 1e309)',
    );
    expect(() => parseJsonText('{"sweep": {"train.lr": [0.1, -2e400]}}', 's.json')).toThrow(
      's.json: sweep["train.lr"][1]: must be a finite number (got -2e400)',
    );
    expect(parseJsonText('{"x": 1e308, "y": -0.5e-400}', 'c.json')).toEqual({ x: 1e308, y: -0 });
  });

  test('100k-deep JSON is refused naming the file, without overflowing the stack', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(() => parseJsonText(deep, 'deep.json')).toThrow(
      new RegExp(`^deep\\.json: (\\[0\\])+: nested more than ${MAX_JSON_DEPTH} levels deep$`),
    );
    const objects = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    expect(() => parseJsonText(objects, 'deep.json')).toThrow(/^deep\.json: a(\.a)+: nested more than/);
  });

  test('text that is not JSON names the file', () => {
    expect(() => parseJsonText('{"name": ', 'bad.json')).toThrow(/^bad\.json is not valid JSON: /);
  });
});

describe('"__proto__" in a spec', () => {
  const refused = (spec: string) => {
    try {
      parseExperiment(parseJsonText(spec, 'spec.json'), 'spec.json');
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  };

  test('in base, overrides or sweep is refused as a config file refuses it, not dropped', () => {
    expect(refused('{"name": "x", "base": {"__proto__": {"model": {"dModel": 8}}}}')).toBe(
      'spec.json: base.__proto__: unknown key; allowed here: model, optimizer, train, data',
    );
    expect(refused('{"name": "x", "variants": [{"name": "v", "overrides": {"__proto__": {"x": 1}}}]}')).toMatch(
      /^spec\.json: variants\[0\]\.overrides\.__proto__: unknown config key/,
    );
    expect(refused('{"name": "x", "sweep": {"__proto__": [1, 2]}}')).toMatch(/^spec\.json: sweep\.__proto__: unknown/);
    expect(refused('{"name": "x", "base": {"model": {"__proto__": {"dModel": 8}}}}')).toMatch(
      /^spec\.json: base\.model\.__proto__: unknown key/,
    );
  });
});

test('a BPE vocabulary with more pieces than ids says so, not a backwards range', () => {
  const pieces = Array.from({ length: MAX_PAIR_ID }, (_, i) => `p${i}`);
  expect(() => new BpeTokenizer(pieces, [])).toThrow(
    `${MAX_PAIR_ID} pieces is too many: a BPE vocabulary holds at most ${MAX_PAIR_ID - 256} pieces`,
  );
});

describe('the CLI names the file and the key', () => {
  test('a spec with a repeated key or 1e309 is refused before anything runs', async () => {
    const dir = await tempDir();
    const spec = join(dir, 'spec.json');
    await writeFile(spec, '{"name": "x", "base": {"train": {"steps": 2, "steps": 3}}}');
    const repeated = await palm(['run', spec, '--out', join(dir, 'out')]);
    expect(repeated.code).not.toBe(0);
    expect(repeated.stderr).toContain(`experiment "${spec}": base.train.steps: the key "steps" appears twice`);
    await writeFile(spec, '{"name": "x", "base": {"optimizer": {"lr": 1e309}}}');
    const huge = await palm(['run', spec, '--out', join(dir, 'out')]);
    expect(huge.stderr).toContain(`experiment "${spec}": base.optimizer.lr: must be a finite number (got 1e309)`);
  });

  test('report: a file given as a folder says so; experiment.json is read by its schema', async () => {
    const dir = await tempDir();
    const file = join(dir, 'notes.txt');
    await writeFile(file, 'hello');
    const asFolder = await palm(['report', file]);
    expect(asFolder.code).not.toBe(0);
    expect(asFolder.stderr).toContain(`cannot read folder "${file}": it is a file, not a folder`);

    const run = join(dir, 'run-a');
    await mkdir(run);
    await writeFile(join(run, 'run.json'), JSON.stringify(makeRuns()[0]!.record));
    await writeFile(join(dir, 'experiment.json'), JSON.stringify({ name: 'x', description: 5 }));
    const record = await palm(['report', dir]);
    expect(record.code).not.toBe(0);
    expect(record.stderr).toContain(`${join(dir, 'experiment.json')}: description: must be a string`);
  });
});
