// The merge loop of BPE training (Sennrich et al. 2016), shared by the byte-level trainer of old runs
// (test/legacy-bpe-train.ts) and the character-level one with byte fallback (bpe-train.ts). Heap of pair counts, lazy deletion.
import { PairHeap } from './pair-heap';

/** Pair keys pack two ids into one number below 2^53; this bounds every vocabulary. */
export const MAX_PAIR_ID = 1 << 21;

export function pairKey(a: number, b: number): number {
  return a * MAX_PAIR_ID + b;
}

/** The distinct words of the training text as symbol id sequences (negative: a symbol that never merges). */
export interface Words {
  symbols: number[][];
  counts: number[];
}

/** Replace every non-overlapping (a, b), left to right, by merged. */
export function mergeSymbols(symbols: number[], a: number, b: number, merged: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < symbols.length; i++) {
    if (i + 1 < symbols.length && symbols[i] === a && symbols[i + 1] === b) {
      out.push(merged);
      i++;
    } else {
      out.push(symbols[i]!);
    }
  }
  return out;
}

const mergeable = (a: number, b: number) => a >= 0 && b >= 0;

/**
 * Greedy BPE: repeatedly merge the most frequent adjacent pair (ties: smallest pair key). `join(a, b)` gives the id
 * of the merged symbol, or null to stop. Pair counts are updated only for the words that contain the merged pair,
 * found through an index from pair to words, so each merge costs the size of the words it touches, not of the
 * corpus. Stops early when no pair occurs twice. Rewrites words.symbols in place.
 */
export function learnMerges(words: Words, join: (a: number, b: number) => number | null): void {
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
      if (!mergeable(symbols[i]!, symbols[i + 1]!)) continue;
      const key = pairKey(symbols[i]!, symbols[i + 1]!);
      pairCounts.set(key, (pairCounts.get(key) ?? 0) + words.counts[word]!);
      listWord(key, word);
    }
  });
  const heap = new PairHeap();
  for (const [key, count] of pairCounts) heap.push({ count, key });

  const lastVisit = new Int32Array(words.symbols.length).fill(-1);
  for (let step = 0; ; step++) {
    const top = heap.pop();
    if (top === undefined) break;
    if (pairCounts.get(top.key) !== top.count) continue; // stale: a fresher entry for this pair is in the heap
    if (top.count < 2) break;
    const a = Math.floor(top.key / MAX_PAIR_ID);
    const b = top.key % MAX_PAIR_ID;
    const merged = join(a, b);
    if (merged === null) break;

    // Net change of each pair's count: take away the word's old pairs, add its new ones.
    const delta = new Map<number, number>();
    const addPairs = (symbols: number[], weight: number) => {
      for (let i = 0; i + 1 < symbols.length; i++) {
        if (!mergeable(symbols[i]!, symbols[i + 1]!)) continue;
        const key = pairKey(symbols[i]!, symbols[i + 1]!);
        delta.set(key, (delta.get(key) ?? 0) + weight);
      }
    };
    for (const word of wordsWithPair.get(top.key) ?? []) {
      if (lastVisit[word] === step) continue;
      lastVisit[word] = step;
      const before = words.symbols[word]!;
      const after = mergeSymbols(before, a, b, merged);
      if (after.length === before.length) continue;
      words.symbols[word] = after;
      addPairs(before, -words.counts[word]!);
      addPairs(after, words.counts[word]!);
      for (let i = 0; i + 1 < after.length; i++) {
        if ((after[i] === merged || after[i + 1] === merged) && mergeable(after[i]!, after[i + 1]!)) {
          listWord(pairKey(after[i]!, after[i + 1]!), word);
        }
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
}
