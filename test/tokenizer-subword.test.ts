// The byte-level BPE of older runs (core/tokenizer/legacy/): lossless, digits split, byte fallback, its JSON, and the
// merges of its trainer (test/legacy-bpe-train.ts) checked against a naive reference that recounts every pair.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../core/data/corpora';
import { bytesPerToken } from '../core/tokenizer';
import { SubwordTokenizer, type Merge } from '../core/tokenizer/legacy/bpe';
import { tokenizerFromJSON, tokenizerToJSON } from '../core/tokenizer/legacy/json';
import { splitPieces } from '../core/tokenizer/legacy/pretokenize';
import { trainSubwordTokenizer } from './legacy-bpe-train';

let english: string;
let tokenizer: SubwordTokenizer;

beforeAll(async () => {
  english = (await loadCorpus('moby-dick')).slice(0, 300_000);
  tokenizer = trainSubwordTokenizer(english.slice(0, 100_000), { vocabSize: 600 });
});

const samples: Record<string, string> = {
  english: 'Call me Ishmael. Some years ago—never mind how long precisely—having little or no money.',
  chinese: '我们在海上航行了三天，终于看见了那头白鲸。鲸鱼是海洋中最大的动物之一。',
  emoji: 'family 👨‍👩‍👧‍👦, flag 🏳️‍🌈, thumbs 👍🏽 and ❤️!',
  digits: 'In 1851, 2024 and 3.14159; ٣٤ and ١٢٣.',
  whitespace: '  a  b\t\tc\n\n   d \r\n\u00a0e\u3000f   \n',
  combining: 'cafe\u0301 nai\u0308ve',
  bom: '\uFEFFleading byte-order mark',
  spaces: ' '.repeat(100) + 'x' + '\n'.repeat(70),
  longChinese: '鲸'.repeat(200),
  empty: '',
};

describe('pretokenizer', () => {
  it('keeps a single space with the following word and splits digits', () => {
    expect(splitPieces('Hello  world\n2024!')).toEqual(['Hello', ' ', ' world', '\n', '2', '0', '2', '4', '!']);
  });

  it('cuts pieces that concatenate back to the text', () => {
    for (const text of Object.values(samples)) expect(splitPieces(text).join('')).toBe(text);
  });
});

describe('SubwordTokenizer', () => {
  it.each(Object.entries(samples))('round-trips %s', (_name, text) => {
    expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
  });

  it('round-trips the training text itself', () => {
    const text = english.slice(0, 50_000);
    expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
  });

  it('encodes each digit as its own token', () => {
    expect(tokenizer.encode('2024')).toHaveLength(4);
    expect(Array.from(tokenizer.encode('2024'))).toEqual([0x32, 0x30, 0x32, 0x34]);
    const trainedOnNumbers = trainSubwordTokenizer('12345 67890 '.repeat(500) + 'year 1851 '.repeat(300), {
      vocabSize: 300,
    });
    for (let id = 256; id < 256 + trainedOnNumbers.merges.length; id++) {
      const piece = trainedOnNumbers.decode([id]);
      if (/\p{N}/u.test(piece)) expect(piece).toHaveLength(1);
    }
    expect(Array.from(trainedOnNumbers.encode('1851'), (id) => trainedOnNumbers.decode([id]))).toEqual([
      '1',
      '8',
      '5',
      '1',
    ]);
  });

  it('falls back to UTF-8 bytes for a character never seen in training', () => {
    expect(english.slice(0, 100_000)).not.toContain('鯨');
    expect(Array.from(tokenizer.encode('鯨'))).toEqual([0xe9, 0xaf, 0xa8]);
    expect(Array.from(tokenizer.encode('🐋'))).toEqual(Array.from(Buffer.from('🐋', 'utf8')));
  });

  it('emits only ids below vocabSize and uses the learned ones', () => {
    const ids = tokenizer.encode(Object.values(samples).join(' ') + english.slice(0, 20_000));
    expect(Math.min(...ids)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ids)).toBeLessThan(600);
    expect(tokenizer.merges).toHaveLength(600 - 256);
    expect(ids.some((id) => id >= 256)).toBe(true);
  });

  it('refuses ids outside the vocabulary and decodes spare ids to nothing', () => {
    expect(() => tokenizer.decode([600])).toThrow(/outside the vocabulary \[0, 600\)/);
    expect(() => tokenizer.decode([-1])).toThrow(RangeError);
    const spare = trainSubwordTokenizer('ab ab ab', { vocabSize: 1000 });
    expect(spare.merges.length).toBeLessThan(1000 - 256);
    expect(spare.decode([999, 0x61])).toBe('a');
  });

  it('trains deterministically', () => {
    const again = trainSubwordTokenizer(english.slice(0, 100_000), { vocabSize: 600 });
    expect(again.merges).toEqual(tokenizer.merges);
  });
});

/** Textbook BPE: recount all pairs from scratch every step; ties go to the smallest (a, b). */
function naiveMerges(text: string, vocabSize: number): Merge[] {
  const words = splitPieces(text).map((piece) => Array.from(Buffer.from(piece, 'utf8')));
  const merges: Merge[] = [];
  while (256 + merges.length < vocabSize) {
    const counts = new Map<string, number>();
    for (const w of words)
      for (let i = 0; i + 1 < w.length; i++)
        counts.set(`${w[i]},${w[i + 1]}`, (counts.get(`${w[i]},${w[i + 1]}`) ?? 0) + 1);
    let best: [number, number] | undefined;
    let bestCount = 1;
    for (const [key, count] of counts) {
      const [a, b] = key.split(',').map(Number) as [number, number];
      if (
        count > bestCount ||
        (count === bestCount && best !== undefined && (a < best[0] || (a === best[0] && b < best[1])))
      ) {
        best = [a, b];
        bestCount = count;
      }
    }
    if (best === undefined) break;
    const id = 256 + merges.length;
    merges.push(best);
    for (let k = 0; k < words.length; k++) {
      const out: number[] = [];
      const w = words[k]!;
      for (let i = 0; i < w.length; i++) {
        if (i + 1 < w.length && w[i] === best[0] && w[i + 1] === best[1]) {
          out.push(id);
          i++;
        } else {
          out.push(w[i]!);
        }
      }
      words[k] = out;
    }
  }
  return merges;
}

describe('BPE training', () => {
  it('learns the same merges as the naive reference', () => {
    const text = english.slice(0, 20_000) + samples.chinese + samples.emoji + 'aaaaaaa aaaa';
    expect(trainSubwordTokenizer(text, { vocabSize: 420 }).merges).toEqual(naiveMerges(text, 420));
  });

  it('compresses 300 KB of English to more than 2 bytes per token within seconds', () => {
    const startMs = performance.now();
    const trained = trainSubwordTokenizer(english, { vocabSize: 1024 });
    const trainMs = performance.now() - startMs;
    const ratio = bytesPerToken(trained, english);
    console.log(
      `subword 1024 on ${english.length} chars: ${ratio.toFixed(3)} bytes/token, trained in ${trainMs.toFixed(0)} ms`,
    );
    expect(ratio).toBeGreaterThan(2);
    expect(trainMs).toBeLessThan(5000);
  });

  it('refuses a vocabulary smaller than the bytes', () => {
    expect(() => trainSubwordTokenizer('abc', { vocabSize: 100 })).toThrow(/vocabSize must be an integer in \[256/);
  });
});

describe('JSON format', () => {
  it('round-trips to identical encodings', () => {
    const json = JSON.stringify(tokenizerToJSON(tokenizer));
    const loaded = tokenizerFromJSON(json);
    const text = Object.values(samples).join('\n') + english.slice(100_000, 120_000);
    expect(loaded.vocabSize).toBe(tokenizer.vocabSize);
    expect(Array.from(loaded.encode(text))).toEqual(Array.from(tokenizer.encode(text)));
    expect(JSON.parse(json)).toMatchObject({ format: 'palm-workbench-bpe', version: 1, vocabSize: 600 });
  });

  it('names the bad field', () => {
    const good = tokenizerToJSON(tokenizer);
    expect(() => tokenizerFromJSON([])).toThrow(/"\(root\)" must be an object/);
    expect(() => tokenizerFromJSON({ ...good, format: 'bpe' })).toThrow(
      /"format" must be "palm-workbench-bpe" \(got "bpe"\)/,
    );
    expect(() => tokenizerFromJSON({ ...good, version: 2 })).toThrow(/"version" must be 1/);
    expect(() => tokenizerFromJSON({ ...good, vocabSize: 300 })).toThrow(/"merges" must hold at most/);
    expect(() => tokenizerFromJSON({ ...good, vocabSize: 1.5 })).toThrow(/"vocabSize" must be an integer/);
    expect(() =>
      tokenizerFromJSON({
        ...good,
        merges: [
          [1, 2],
          [300, 3],
        ],
      }),
    ).toThrow(/"merges\[1\]\[0\]" must be an integer id below 257/);
    expect(() => tokenizerFromJSON({ ...good, merges: [[1, 2, 3]] })).toThrow(/"merges\[0\]" must be a pair/);
  });
});
