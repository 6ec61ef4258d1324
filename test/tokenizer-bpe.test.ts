// BPE with byte fallback (core/tokenizer/bpe*.ts): merges against a naive reference that recounts every pair at
// every step, then the trained tokenizer: lossless on unseen text, digits split, byte fallback, exact size.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../core/data/corpora';
import { BpeTokenizer, bytesPerToken, toTokenizerJson, trainBpe } from '../core/tokenizer';
import { splitWords } from '../core/tokenizer/words';

/** Textbook BPE over characters: recount all pairs every step; ties to the smallest (a, b) id pair. */
function naiveBpe(text: string, vocabSize: number): { pieces: string[]; merges: [string, string][] } {
  const words = splitWords(text).map((w) => Array.from(w));
  const charCount = new Map<string, number>();
  for (const w of words) for (const c of w) charCount.set(c, (charCount.get(c) ?? 0) + 1);
  const pieces = [...charCount]
    .sort((x, y) => y[1] - x[1] || x[0].codePointAt(0)! - y[0].codePointAt(0)!)
    .map(([c]) => c)
    .slice(0, vocabSize - 256);
  const id = (p: string) => 256 + pieces.indexOf(p);
  const merges: [string, string][] = [];
  let symbols = words.map((w) => w.map((c) => (pieces.includes(c) ? c : null)));
  for (;;) {
    const counts = new Map<string, { a: string; b: string; n: number }>();
    for (const w of symbols)
      for (let i = 0; i + 1 < w.length; i++) {
        const [a, b] = [w[i], w[i + 1]];
        if (a === null || b === null || a === undefined || b === undefined) continue;
        const key = `${id(a)},${id(b)}`;
        counts.set(key, { a, b, n: (counts.get(key)?.n ?? 0) + 1 });
      }
    let best: { a: string; b: string; n: number } | undefined;
    for (const c of counts.values()) {
      const before = best && (id(c.a) < id(best.a) || (id(c.a) === id(best.a) && id(c.b) < id(best.b)));
      if (!best || c.n > best.n || (c.n === best.n && before)) best = c;
    }
    if (!best || best.n < 2) break;
    const joined = best.a + best.b;
    if (!pieces.includes(joined)) {
      if (256 + pieces.length >= vocabSize) break;
      pieces.push(joined);
    }
    merges.push([best.a, best.b]);
    symbols = symbols.map((w) => {
      const out: (string | null)[] = [];
      for (let i = 0; i < w.length; i++) {
        if (w[i] === best.a && w[i + 1] === best.b) {
          out.push(joined);
          i++;
        } else out.push(w[i]!);
      }
      return out;
    });
  }
  return { pieces, merges };
}

let english: string;
let tokenizer: BpeTokenizer;

beforeAll(async () => {
  english = (await loadCorpus('moby-dick')).slice(0, 300_000);
  tokenizer = trainBpe(english.slice(0, 200_000), { vocabSize: 800 });
});

describe('BPE training', () => {
  it('learns the pieces and merges of the naive reference', () => {
    const text = english.slice(0, 15_000) + ' 鲸鲸鲸 鲸鱼 🐋🐋 aaaaaaa aaaa abab ab ab';
    const fast = trainBpe(text, { vocabSize: 420, characterCoverage: 1 });
    const naive = naiveBpe(text, 420);
    expect(fast.pieces).toEqual(naive.pieces);
    expect(fast.merges).toEqual(naive.merges);
  });

  it('keeps the rarest characters out of the alphabet (coverage), spelling them in bytes', () => {
    const text = 'ab '.repeat(5000) + 'é';
    expect(trainBpe(text, { vocabSize: 300, characterCoverage: 1 }).pieces).toContain('é');
    const covered = trainBpe(text, { vocabSize: 300, characterCoverage: 0.9995 });
    expect(covered.pieces).not.toContain('é');
    expect(Array.from(covered.encode('é'))).toEqual([0xc3, 0xa9]);
  });

  it('refuses impossible options, naming them', () => {
    expect(() => trainBpe('abc', { vocabSize: 200 })).toThrow(/vocabSize must be an integer in \[257/);
    expect(() => trainBpe('abc', { vocabSize: 300, characterCoverage: 0 })).toThrow(/characterCoverage/);
  });
});

const unseen: Record<string, string> = {
  english: 'Call me Ishmael. Some years ago—never mind how long precisely—having little or no money.',
  chinese: '我们在海上航行了三天，终于看见了那头白鲸。',
  emoji: 'family 👨‍👩‍👧‍👦, flag 🏳️‍🌈, thumbs 👍🏽 and ❤️!',
  whitespace: '  a  b\t\tc\n\n   d \r\n\u00a0e\u3000f   \n' + ' '.repeat(70) + 'x',
  bom: '\uFEFFleading byte-order mark, ▁ kept',
};

describe('trained BPE tokenizer', () => {
  it('has exactly vocabSize ids: 256 bytes, the alphabet, the merged pieces', () => {
    expect(tokenizer.vocabSize).toBe(800);
    expect(tokenizer.pieces).toHaveLength(800 - 256);
    const ids = tokenizer.encode(english.slice(200_000));
    expect(Math.max(...ids)).toBeLessThan(800);
  });

  it.each(Object.entries(unseen))('round-trips unseen %s text', (_name, text) => {
    expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
  });

  it('spells numbers digit by digit and unseen characters as their UTF-8 bytes', () => {
    expect(Array.from(tokenizer.encode('1851'), (id) => tokenizer.decode([id]))).toEqual(['1', '8', '5', '1']);
    expect(Array.from(tokenizer.encode('鯨'))).toEqual([0xe9, 0xaf, 0xa8]);
  });

  it('compresses held-out English better than 2.2 bytes per token at 800 ids', () => {
    expect(bytesPerToken(tokenizer, english.slice(200_000))).toBeGreaterThan(2.2);
  });

  it('trains deterministically and refuses ids outside the vocabulary', () => {
    expect(toTokenizerJson(trainBpe(english.slice(0, 200_000), { vocabSize: 800 }))).toBe(toTokenizerJson(tokenizer));
    expect(() => tokenizer.decode([800])).toThrow(/token id 800 at position 0 is outside the vocabulary \[0, 800\)/);
  });
});
