// tokenizer.json (core/tokenizer/hf-json.ts) read by Hugging Face's own JS reader, @huggingface/tokenizers: the same
// ids as ours and a lossless decode, for both models, on text the vocabulary was not trained on; our reader too.
import { Tokenizer as HfReader } from '@huggingface/tokenizers';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../core/data/corpora';
import {
  fromTokenizerJson,
  loadTokenizer,
  toTokenizerConfigJson,
  toTokenizerJson,
  trainTokenizer,
  type HfTokenizer,
} from '../core/tokenizer';
import { SubwordTokenizer } from '../core/tokenizer/legacy/bpe';
import { tokenizerToJSON } from '../core/tokenizer/legacy/json';
import { trainSubwordTokenizer } from './legacy-bpe-train';

const unseen: Record<string, string> = {
  english: 'Call me Ishmael. Some years ago—never mind how long precisely—having little or no money, I thought.',
  chinese: '我们在海上航行了三天，终于看见了那头白鲸。鲸鱼是海洋中最大的动物之一。',
  emoji: 'family 👨‍👩‍👧‍👦, flag 🏳️‍🌈, thumbs 👍🏽 and ❤️! 🐋🐳',
  digits: 'In 1851, 2024 and 3.14159; ٣٤ and ١٢٣; 0x7F 1e-5.',
  tabs: '\tcol1\tcol2\t\t\tcol5\n\t\tindented\t',
  spaces: '  a  b   c' + ' '.repeat(100) + 'x' + '\n'.repeat(70) + '   \r\n\u00a0e\u3000f   ',
  punctuation: "It's a don't — I'm , . ? ! 'tis \"quoted\" (paren) [b] {c} <0x41> ▁meta",
};
const all = Object.values(unseen).join('\n');

let sotu: string;
const trained: Partial<Record<'bpe' | 'unigram', HfTokenizer>> = {};

beforeAll(async () => {
  const mobyDick = (await loadCorpus('moby-dick')).slice(0, 300_000);
  sotu = (await loadCorpus('sotu')).slice(0, 40_000);
  for (const model of ['bpe', 'unigram'] as const) trained[model] = trainTokenizer(model, mobyDick, { vocabSize: 700 });
  // Training two vocabularies takes ~3 s alone and several times that on a loaded CI machine.
}, 120_000);

describe.each(['bpe', 'unigram'] as const)('%s tokenizer.json', (model) => {
  const ours = () => trained[model]!;
  const hf = () => new HfReader(JSON.parse(toTokenizerJson(ours())), JSON.parse(toTokenizerConfigJson()));

  it.each([...Object.entries(unseen), ['all of them', all]])(
    'gives @huggingface/tokenizers our ids and decodes losslessly: %s',
    (_name, text) => {
      const ids = Array.from(ours().encode(text));
      expect(hf().encode(text).ids).toEqual(ids);
      expect(hf().decode(ids)).toBe(text);
      expect(ours().decode(ids)).toBe(text);
    },
  );

  it('agrees with @huggingface/tokenizers on 40 KB of another corpus', () => {
    const ids = Array.from(ours().encode(sotu));
    expect(hf().encode(sotu).ids).toEqual(ids);
    expect(hf().decode(ids)).toBe(sotu);
  });

  it('reads back what it writes: same ids, same file', () => {
    const json = toTokenizerJson(ours());
    const again = fromTokenizerJson(json);
    expect(Array.from(again.encode(all + sotu))).toEqual(Array.from(ours().encode(all + sotu)));
    expect(toTokenizerJson(again)).toBe(json);
    expect(again.vocabSize).toBe(700);
    expect(fromTokenizerJson(json, 1000).vocabSize).toBe(1000);
  });
});

/** A tokenizer.json as parsed JSON, to break on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe('tokenizer.json reader', () => {
  const bpe = () => JSON.parse(toTokenizerJson(trained.bpe!)) as Json;
  const unigram = () => JSON.parse(toTokenizerJson(trained.unigram!)) as Json;

  it('names the field it refuses', () => {
    const edit = (json: Json, change: (j: Json) => void) => (change(json), json);
    const cases: [object, RegExp][] = [
      [{ model: { type: 'WordPiece' } }, /model\.type must be "BPE" or "Unigram" \(got "WordPiece"\)/],
      [edit(bpe(), (j) => (j.model.byte_fallback = false)), /model\.byte_fallback: must be true/],
      [edit(bpe(), (j) => (j.normalizer = { type: 'NFKC' })), /normalizer: must be null/],
      [edit(bpe(), (j) => (j.pre_tokenizer.pattern.Regex = '\\s+')), /pre_tokenizer: must be the Split of/],
      [edit(bpe(), (j) => delete j.model.vocab['<0x41>']), /model\.vocab: ids must run from 0 without gaps; 65/],
      [edit(bpe(), (j) => j.model.merges.push(['zz', 'q'])), /merge \d+ \["zz","q"\]: both sides and their join/],
      [
        edit(unigram(), (j) => (j.model.vocab[300][0] = '\u2581x')),
        /model\.vocab\[300\]: "▁x" is not a ByteLevel string/,
      ],
      [edit(unigram(), (j) => (j.model.vocab[7] = ['a', -1])), /piece 7 must be the single byte 7/],
      [edit(unigram(), (j) => (j.decoder = { type: 'Fuse' })), /decoder: must be ByteLevel/],
    ];
    for (const [json, message] of cases) expect(() => fromTokenizerJson(json)).toThrow(message);
  });

  it('still loads the palm-workbench-bpe files of older runs', () => {
    const old = trainSubwordTokenizer(sotu, { vocabSize: 400 });
    const loaded = loadTokenizer(JSON.stringify(tokenizerToJSON(old)));
    expect(loaded).toBeInstanceOf(SubwordTokenizer);
    expect(Array.from(loaded.encode(all))).toEqual(Array.from(old.encode(all)));
  });
});
