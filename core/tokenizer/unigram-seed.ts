// The starting point of unigram training (unigram-train.ts): the alphabet and the seed pieces with their first
// log-probabilities, as SentencePiece's MakeSeedSentencePieces, from the distinct words of the text and their counts.
import { chooseAlphabet } from './words';

/** The alphabet (by frequency), cut so its characters above one byte fit in the ids above the 256 bytes. */
export function unigramAlphabet(counts: Map<string, number>, coverage: number, idsAboveBytes: number): string[] {
  let wide = 0;
  return chooseAlphabet(counts, coverage, Infinity).filter((char) => {
    if (char.codePointAt(0)! < 0x80) return true;
    return ++wide <= idsAboveBytes;
  });
}

/**
 * The seed (SentencePiece's MakeSeedSentencePieces): every character of the alphabet, scored by its count, then
 * the substrings of 2..maxChars alphabet characters that occur at least twice, scored by count × length (the text
 * they cover), best first; all as log-probabilities. SentencePiece enumerates the repeats with a suffix array;
 * counting the bounded substrings of each distinct word finds the same candidates plus non-maximal ones, which the
 * first pruning round removes (they never win a cut against the longer piece they are part of).
 */
export function seedPieces(
  counts: Map<string, number>,
  alphabet: string[],
  seedSize: number,
  maxChars: number,
): { pieces: string[]; scores: Float64Array } {
  const inAlphabet = new Set(alphabet);
  const charCount = new Map<string, number>();
  const substrings = new Map<string, number>();
  for (const [word, count] of counts) {
    const chars = Array.from(word);
    const offsets = [0];
    for (const char of chars) offsets.push(offsets.at(-1)! + char.length);
    for (let start = 0; start < chars.length; start++) {
      if (!inAlphabet.has(chars[start]!)) continue;
      charCount.set(chars[start]!, (charCount.get(chars[start]!) ?? 0) + count);
      for (let last = start + 1; last < Math.min(chars.length, start + maxChars); last++) {
        if (!inAlphabet.has(chars[last]!)) break;
        const key = word.slice(offsets[start], offsets[last + 1]);
        substrings.set(key, (substrings.get(key) ?? 0) + count);
      }
    }
  }
  const ranked: [string, number][] = [];
  for (const [piece, count] of substrings) if (count >= 2) ranked.push([piece, count * Array.from(piece).length]);
  ranked.sort((x, y) => y[1] - x[1]); // stable: equal scores keep first-seen order, so training is deterministic
  ranked.length = Math.min(ranked.length, Math.max(0, seedSize - alphabet.length));
  const pieces = [...alphabet, ...ranked.map(([piece]) => piece)];
  const raw = [...alphabet.map((char) => charCount.get(char) ?? 1), ...ranked.map(([, score]) => score)];
  const logTotal = Math.log(raw.reduce((sum, x) => sum + x, 0));
  return { pieces, scores: Float64Array.from(raw, (x) => Math.log(x) - logTotal) };
}
