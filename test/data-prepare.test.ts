// prepareData (core/data/prepare.ts): config data section -> tokenizer and split token ids, with clear refusals.
import { describe, expect, it } from 'vitest';
import type { DataConfig } from '../core/config/schema';
import { loadCorpus } from '../core/data/corpora';
import { prepareData } from '../core/data/prepare';
import { ByteTokenizer } from '../core/tokenizer/byte';
import { BpeTokenizer as SubwordTokenizer } from '../core/tokenizer/bpe';
import { SubwordTokenizer as LegacySubwordTokenizer } from '../core/tokenizer/legacy/bpe';
import { tokenizerToJSON } from '../core/tokenizer/legacy/json';
import { trainSubwordTokenizer } from './legacy-bpe-train';

const data = (overrides: Partial<DataConfig>): DataConfig => ({
  corpus: 'moby-dick',
  tokenizer: 'byte',
  valFraction: 0.1,
  maxBytes: null,
  ...overrides,
});
const model = { vocabSize: 256, seqLen: 64 };
const files = (contents: Record<string, Uint8Array>) => ({
  readFile: async (path: string) => {
    const bytes = contents[path];
    if (bytes === undefined) throw new Error(`no such file ${path}`);
    return bytes;
  },
});

describe('prepareData', () => {
  it('byte tokens of the first maxBytes of Moby Dick, tail held out', async () => {
    const prepared = await prepareData(data({ maxBytes: 50_000 }), model);
    expect(prepared.tokenizer).toBeInstanceOf(ByteTokenizer);
    expect(prepared.sourceName).toBe('moby-dick');
    expect(prepared.bytes).toBeGreaterThan(49_990);
    expect(prepared.bytes).toBeLessThanOrEqual(50_000);
    expect(prepared.train.length + prepared.val.length).toBe(prepared.bytes);
    expect(prepared.val.length).toBe(Math.round(prepared.bytes * 0.1));
    const text = await loadCorpus('moby-dick');
    const expected = Buffer.from(text, 'utf8').subarray(0, prepared.bytes).toString('utf8');
    expect(prepared.tokenizer.decode(prepared.train) + prepared.tokenizer.decode(prepared.val)).toBe(expected);
  });

  it('trains a subword tokenizer of model.vocabSize', async () => {
    const prepared = await prepareData(data({ corpus: 'sotu', tokenizer: 'bpe', maxBytes: 200_000 }), {
      vocabSize: 512,
      seqLen: 64,
    });
    expect(prepared.tokenizer).toBeInstanceOf(SubwordTokenizer);
    expect(prepared.tokenizer.vocabSize).toBe(512);
    const all = [...prepared.train, ...prepared.val];
    expect(Math.max(...all)).toBeLessThan(512);
    expect(prepared.bytes / all.length).toBeGreaterThan(2);
    expect(prepared.tokenizer.decode(prepared.train).startsWith('Fellow-Citizens of the Senate')).toBe(true);
  });

  it('reads a user file through the caller and strips its byte-order mark', async () => {
    const text = 'It was a dark and stormy night. '.repeat(40);
    const bytes = Uint8Array.of(0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text));
    const prepared = await prepareData(
      data({ corpus: 'file', path: 'my/story.txt' }),
      model,
      files({ 'my/story.txt': bytes }),
    );
    expect(prepared.sourceName).toBe('my/story.txt');
    expect(prepared.bytes).toBe(text.length);
    expect(prepared.tokenizer.decode(prepared.train) + prepared.tokenizer.decode(prepared.val)).toBe(text);
  });

  it('names the file and the reason when it cannot be used', async () => {
    const config = data({ corpus: 'file', path: 'x.txt' });
    await expect(prepareData(config, model)).rejects.toThrow('data.corpus is "file" (x.txt) but no readFile was given');
    await expect(prepareData(config, model, files({ 'x.txt': new Uint8Array(0) }))).rejects.toThrow(
      'x.txt: the file is empty',
    );
    await expect(prepareData(config, model, files({ 'x.txt': new TextEncoder().encode('too short') }))).rejects.toThrow(
      'x.txt: too short: 9 bytes of text, at least 650 needed',
    );
    const latin1 = Uint8Array.from({ length: 1000 }, (_, i) => (i === 700 ? 0xe9 : 0x61));
    await expect(prepareData(config, model, files({ 'x.txt': latin1 }))).rejects.toThrow(
      'x.txt: not UTF-8 text: invalid byte sequence at byte offset 700',
    );
  });

  it('refuses a maxBytes too small for one validation window', async () => {
    await expect(prepareData(data({ maxBytes: 300 }), model)).rejects.toThrow(
      'moby-dick: 300 bytes of text (data.maxBytes 300) are too few: seqLen 64 with valFraction 0.1 needs at least 650',
    );
  });
});

describe('prepareData with the saved tokenizer of a resumed run', () => {
  it('keeps a run made before tokenizer.json on its byte-level BPE, though "subword" now trains bpe', async () => {
    const text = (await loadCorpus('sotu')).slice(0, 100_000);
    const old = trainSubwordTokenizer(text, { vocabSize: 400 });
    const savedTokenizer = JSON.stringify(tokenizerToJSON(old));
    const prepared = await prepareData(
      data({ corpus: 'sotu', tokenizer: 'bpe', maxBytes: 100_000 }),
      { vocabSize: 400, seqLen: 64 },
      { savedTokenizer },
    );
    expect(prepared.tokenizer).toBeInstanceOf(LegacySubwordTokenizer);
    expect(Array.from(prepared.train.subarray(0, 500))).toEqual(Array.from(old.encode(text).subarray(0, 500)));
  });
});
