// The pretokenizer of the BPE and unigram models: cuts text into words that no piece crosses (docs/palm.md §1), and the
// word and character counts both trainers start from. Written into tokenizer.json as a Split pre-tokenizer.

/**
 * One alternative per kind of word; together they match every character, so the words concatenate back to the
 * input (lossless). The first alternative that matches at a position wins.
 *  - `\p{N}`: each digit (any script) is a word of its own, so numbers are spelled digit by digit (PaLM).
 *  - ` ?[\p{L}\p{M}]{1,32}`: letters (with combining marks) and the one space in front of them (SentencePiece's ▁).
 *  - ` ?[^\p{White_Space}\p{L}\p{M}\p{N}]{1,32}`: punctuation or symbols (emoji too), with their leading space.
 *  - `\p{White_Space}{1,32}(?!\P{White_Space})`: a whitespace run, leaving its last space to the word that follows.
 *  - `\p{White_Space}`: the one whitespace character that rule left behind (a newline before a word, say).
 * `\p{White_Space}`, not `\s`: JavaScript's `\s` also matches U+FEFF and Oniguruma's (Rust tokenizers) does not, so
 * only the explicit property means the same to every reader of tokenizer.json. The bound of 32 keeps text without
 * spaces (Chinese) in short words: a word's lattice grows with the square of its length.
 */
const MAX_WORD_CHARS = 32;

export const WORD_PATTERN = [
  String.raw`\p{N}`,
  String.raw` ?[\p{L}\p{M}]{1,${MAX_WORD_CHARS}}`,
  String.raw` ?[^\p{White_Space}\p{L}\p{M}\p{N}]{1,${MAX_WORD_CHARS}}`,
  String.raw`\p{White_Space}{1,${MAX_WORD_CHARS}}(?!\P{White_Space})`,
  String.raw`\p{White_Space}`,
].join('|');

const WORD = new RegExp(WORD_PATTERN, 'gu');

/** Split text into words; their concatenation is the text. */
export function splitWords(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Encode text word by word (a tokenizer's encodeWord caches per word): the ids of its words, in order. */
export function encodeWords(text: string, encodeWord: (word: string) => readonly number[]): Int32Array {
  const ids: number[] = [];
  for (const word of splitWords(text)) for (const id of encodeWord(word)) ids.push(id);
  return Int32Array.from(ids);
}

/** How often each distinct word occurs: both trainers work on distinct words, weighted by their counts. */
export function countWords(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of splitWords(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/**
 * The characters that get pieces of their own: the most frequent ones covering `coverage` of all characters
 * (SentencePiece's character_coverage), at most `maxChars` of them, most frequent first (ties: code point order, so
 * training is deterministic). The rest are spelled as UTF-8 bytes (byte fallback).
 */
export function chooseAlphabet(words: Map<string, number>, coverage: number, maxChars: number): string[] {
  const counts = new Map<string, number>();
  let total = 0;
  for (const [word, count] of words) {
    for (const char of word) {
      counts.set(char, (counts.get(char) ?? 0) + count);
      total += count;
    }
  }
  const sorted = [...counts].sort((x, y) => y[1] - x[1] || x[0].codePointAt(0)! - y[0].codePointAt(0)!);
  const alphabet: string[] = [];
  let covered = 0;
  for (const [char, count] of sorted) {
    if (alphabet.length >= maxChars || covered >= coverage * total) break;
    alphabet.push(char);
    covered += count;
  }
  return alphabet;
}

/** The longest prefix of text whose UTF-8 form fits in maxBytes, never cutting a character in two. */
export function prefixWithinBytes(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes) return text; // a UTF-16 unit never takes more than 3 UTF-8 bytes
  const { read } = new TextEncoder().encodeInto(text, new Uint8Array(maxBytes));
  return text.slice(0, read);
}
