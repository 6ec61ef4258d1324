// Unigram LM (core/tokenizer/unigram*.ts): Viterbi, forward-backward and digamma against brute force in Python
// (test/golden/tokenizer_unigram.py), then the trained tokenizer: lossless, digits split, byte fallback, exact size.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../core/data/corpora';
import { bytesPerToken, toTokenizerJson, trainUnigram, UnigramTokenizer } from '../core/tokenizer';
import { digamma, forwardBackward, viterbiEdges, type Edges } from '../core/tokenizer/unigram-lattice';

interface Golden {
  pieces: string[];
  scores: number[];
  unknownScore: number;
  words: { word: string; best: string[]; bestScore: number; logZ: number; expected: number[] }[];
  digamma: [number, number][];
}
const golden = JSON.parse(readFileSync(new URL('./golden/tokenizer_unigram.json', import.meta.url), 'utf8')) as Golden;
const unknown = golden.pieces.length;
const scores = Float64Array.from([...golden.scores, golden.unknownScore]);

/** The lattice of a word over the golden pieces (by start, then length); a character without a piece is unknown. */
function latticeOf(word: string): Edges {
  const chars = Array.from(word);
  const start: number[] = [];
  const end: number[] = [];
  const piece: number[] = [];
  chars.forEach((_, s) => {
    if (!golden.pieces.includes(chars[s]!)) [start, end, piece].forEach((a, k) => a.push([s, s + 1, unknown][k]!));
    const found = golden.pieces
      .map((p, i) => ({ i, n: Array.from(p).length }))
      .filter(({ i, n }) => chars.slice(s, s + n).join('') === golden.pieces[i])
      .sort((x, y) => x.n - y.n);
    for (const { i, n } of found) [start, end, piece].forEach((a, k) => a.push([s, s + n, i][k]!));
  });
  return { start: Int32Array.from(start), end: Int32Array.from(end), piece: Int32Array.from(piece) };
}

describe('unigram lattice (golden, brute force over every cut)', () => {
  it.each(golden.words.map((w) => [w.word, w] as const))('%j: Viterbi, log Z and expected counts', (word, want) => {
    const edges = latticeOf(word);
    const n = Array.from(word).length;
    const best = viterbiEdges(edges, 0, edges.start.length, n, scores);
    expect(best.path.map((e) => golden.pieces[edges.piece[e]!] ?? '?')).toEqual(want.best);
    expect(best.score).toBeCloseTo(want.bestScore, 10);
    const expected = new Float64Array(unknown + 1);
    const buffers = [new Float64Array(n + 1), new Float64Array(n + 1)] as const;
    const logZ = forwardBackward(edges, 0, edges.start.length, n, scores, 3, expected, ...buffers);
    expect(logZ).toBeCloseTo(want.logZ, 10);
    want.expected.forEach((count, i) => expect(expected[i]).toBeCloseTo(3 * count, 10));
  });

  it('digamma matches a central difference of lgamma', () => {
    for (const [x, want] of golden.digamma) expect(Math.abs(digamma(x) - want)).toBeLessThan(1e-7);
  });

  it('the tokenizer cuts bytes as the character lattice cuts characters', () => {
    // Bytes outside the golden pieces score as unknown; one-byte pieces are their byte ids, the rest follow 255.
    const utf8 = (s: string) => new TextEncoder().encode(s);
    const pieces = Array.from({ length: 256 }, (_, b) => Uint8Array.of(b));
    const byteScores = Array.from({ length: 256 }, (_, b) => {
      const at = golden.pieces.indexOf(String.fromCharCode(b));
      return b < 0x80 && at >= 0 ? golden.scores[at]! : golden.unknownScore;
    });
    golden.pieces.forEach((piece, i) => {
      if (utf8(piece).length === 1) return;
      pieces.push(utf8(piece));
      byteScores.push(golden.scores[i]!);
    });
    const tokenizer = new UnigramTokenizer(pieces, byteScores);
    for (const { word, best } of golden.words) {
      const chars = Array.from(word);
      let at = 0;
      const want = best.map((p) => (p === '?' ? chars[at++]! : ((at += Array.from(p).length), p)));
      expect(tokenizer.viterbi(utf8(word)).map((id) => tokenizer.decode([id]))).toEqual(want);
    }
  });
});

let english: string;
let tokenizer: UnigramTokenizer;

beforeAll(async () => {
  english = (await loadCorpus('moby-dick')).slice(0, 400_000);
  tokenizer = trainUnigram(english.slice(0, 300_000), { vocabSize: 800 });
});

const unseen: Record<string, string> = {
  english: 'Call me Ishmael. Some years ago—never mind how long precisely—having little or no money.',
  chinese: '我们在海上航行了三天，终于看见了那头白鲸。',
  emoji: 'family 👨‍👩‍👧‍👦, flag 🏳️‍🌈, thumbs 👍🏽 and ❤️!',
  digits: 'In 1851, 2024 and 3.14159; ٣٤ and ١٢٣.',
  whitespace: '  a  b\t\tc\n\n   d \r\n\u00a0e\u3000f   \n' + ' '.repeat(70) + 'x',
  metaSymbol: '▁ is SentencePiece\u2019s space, \uFEFF a BOM',
};

describe('trained unigram tokenizer', () => {
  it('has exactly vocabSize pieces, the 256 bytes first', () => {
    expect(tokenizer.vocabSize).toBe(800);
    expect(tokenizer.pieces).toHaveLength(800);
    expect(tokenizer.pieces.slice(0, 256).every((p, b) => p.length === 1 && p[0] === b)).toBe(true);
  });

  it.each(Object.entries(unseen))('round-trips unseen %s text', (_name, text) => {
    expect(tokenizer.decode(tokenizer.encode(text))).toBe(text);
  });

  it('spells numbers digit by digit and unseen characters as their UTF-8 bytes', () => {
    expect(Array.from(tokenizer.encode('1851'), (id) => tokenizer.decode([id]))).toEqual(['1', '8', '5', '1']);
    expect(english.slice(0, 300_000)).not.toContain('鯨');
    expect(Array.from(tokenizer.encode('鯨'))).toEqual([0xe9, 0xaf, 0xa8]);
  });

  it('compresses held-out English better than 2.3 bytes per token at 800 ids', () => {
    expect(bytesPerToken(tokenizer, english.slice(300_000))).toBeGreaterThan(2.3);
  });

  it('trains deterministically', () => {
    const again = trainUnigram(english.slice(0, 300_000), { vocabSize: 800 });
    expect(toTokenizerJson(again)).toBe(toTokenizerJson(tokenizer));
  });

  it('refuses a vocabulary without room above the bytes', () => {
    expect(() => trainUnigram('abc', { vocabSize: 256 })).toThrow(/vocabSize must be an integer in \[257/);
  });
});
