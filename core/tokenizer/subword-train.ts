// Training of the subword tokenizer: byte-level BPE (Sennrich et al. 2016; GPT-2's byte variant) over the pieces of
// core/tokenizer/subword-pretokenize.ts, counting each distinct piece once with its frequency, as HF tokenizers does.
import { PairHeap } from './subword-heap';
import { splitPieces } from './subword-pretokenize';
import { BYTE_TOKENS, MAX_VOCAB_SIZE, mergeSymbols, pairKey, SubwordTokenizer, type Merge } from './subword';

export interface SubwordTrainOptions {
  /** Ids of the finished tokenizer: 256 bytes + up to vocabSize - 256 merges. */
  vocabSize: number;
  /** Train on the first maxTrainBytes UTF-8 bytes only: merges settle long before a few MB, training time does not. */
  maxTrainBytes?: number;
}

export const DEFAULT_MAX_TRAIN_BYTES = 2_000_000;

/** The distinct pieces of the training text as symbol sequences, with how often each occurs. */
interface Words {
  symbols: number[][];
  counts: number[];
}

export function trainSubwordTokenizer(text: string, options: SubwordTrainOptions): SubwordTokenizer {
  const { vocabSize, maxTrainBytes = DEFAULT_MAX_TRAIN_BYTES } = options;
  if (!Number.isInteger(vocabSize) || vocabSize < BYTE_TOKENS || vocabSize > MAX_VOCAB_SIZE) {
    throw new RangeError(`vocabSize must be an integer in [${BYTE_TOKENS}, ${MAX_VOCAB_SIZE}] (got ${vocabSize})`);
  }
  if (!Number.isInteger(maxTrainBytes) || maxTrainBytes <= 0) {
    throw new RangeError(`maxTrainBytes must be a positive integer (got ${maxTrainBytes})`);
  }
  const words = countWords(prefixWithinBytes(text, maxTrainBytes));
  return new SubwordTokenizer(vocabSize, learnMerges(words, vocabSize - BYTE_TOKENS));
}

/** The longest prefix of text whose UTF-8 form fits in maxBytes, never cutting a character in two. */
function prefixWithinBytes(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes) return text; // a UTF-16 unit never takes more than 3 UTF-8 bytes
  const { read } = new TextEncoder().encodeInto(text, new Uint8Array(maxBytes));
  return text.slice(0, read);
}

function countWords(text: string): Words {
  const frequency = new Map<string, number>();
  for (const piece of splitPieces(text)) frequency.set(piece, (frequency.get(piece) ?? 0) + 1);
  const encoder = new TextEncoder();
  const words: Words = { symbols: [], counts: [] };
  for (const [piece, count] of frequency) {
    words.symbols.push(Array.from(encoder.encode(piece)));
    words.counts.push(count);
  }
  return words;
}

/**
 * Greedy BPE: repeatedly merge the most frequent adjacent pair (ties: smallest ids first). Pair counts are updated
 * only for the words that contain the merged pair, found through an index from pair to words, so each merge costs
 * the size of the words it touches, not of the corpus. Stops early when no pair occurs twice.
 */
function learnMerges(words: Words, maxMerges: number): Merge[] {
  const pairCounts = new Map<number, number>();
  // Word indices per pair; may list a word twice or after it lost the pair: each merge re-checks its words.
  const wordsWithPair = new Map<number, number[]>();
  const listWord = (key: number, word: number) => {
    const list = wordsWithPair.get(key);
    if (list === undefined) wordsWithPair.set(key, [word]);
    else list.push(word);
  };
  words.symbols.forEach((symbols, word) => {
    for (let i = 0; i + 1 < symbols.length; i++) {
      const key = pairKey(symbols[i]!, symbols[i + 1]!);
      pairCounts.set(key, (pairCounts.get(key) ?? 0) + words.counts[word]!);
      listWord(key, word);
    }
  });
  const heap = new PairHeap();
  for (const [key, count] of pairCounts) heap.push({ count, key });

  const merges: Merge[] = [];
  const lastVisit = new Int32Array(words.symbols.length).fill(-1);
  while (merges.length < maxMerges) {
    const top = heap.pop();
    if (top === undefined) break;
    if (pairCounts.get(top.key) !== top.count) continue; // stale: a fresher entry for this pair is in the heap
    if (top.count < 2) break;
    const a = Math.floor(top.key / MAX_VOCAB_SIZE);
    const b = top.key % MAX_VOCAB_SIZE;
    const merged = BYTE_TOKENS + merges.length;
    merges.push([a, b]);

    // Net change of each pair's count: take away the word's old pairs, add its new ones.
    const delta = new Map<number, number>();
    const addPairs = (symbols: number[], weight: number) => {
      for (let i = 0; i + 1 < symbols.length; i++) {
        const key = pairKey(symbols[i]!, symbols[i + 1]!);
        delta.set(key, (delta.get(key) ?? 0) + weight);
      }
    };
    for (const word of wordsWithPair.get(top.key) ?? []) {
      if (lastVisit[word] === merged) continue;
      lastVisit[word] = merged;
      const before = words.symbols[word]!; // word indexes words.symbols
      const after = mergeSymbols(before, a, b, merged);
      if (after.length === before.length) continue;
      words.symbols[word] = after;
      addPairs(before, -words.counts[word]!);
      addPairs(after, words.counts[word]!);
      for (let i = 0; i + 1 < after.length; i++) {
        if (after[i] === merged || after[i + 1] === merged) listWord(pairKey(after[i]!, after[i + 1]!), word);
      }
    }
    wordsWithPair.delete(top.key);
    for (const [key, change] of delta) {
      if (change === 0) continue;
      const count = (pairCounts.get(key) ?? 0) + change;
      if (count > 0) {
        pairCounts.set(key, count);
        heap.push({ count, key });
      } else {
        pairCounts.delete(key);
      }
    }
  }
  return merges;
}
