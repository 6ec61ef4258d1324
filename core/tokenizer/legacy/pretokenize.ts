// The pretokenizer of the byte-level BPE of older runs (palm-workbench-v1): pieces that merges never cross.
// New tokenizers use words.ts (the same rules, with whitespace as \p{White_Space} for every regex engine).
// SentencePiece-style: a single space sticks to the front of the word after it, digits stand alone.

/**
 * One alternative per kind of piece; together they match every character, so the pieces concatenate back to the
 * input (lossless). Order matters: the first alternative that matches at a position wins.
 *  - `\p{N}`: each digit (any script) is its own piece, so numbers are always spelled digit by digit (PaLM).
 *  - ` ?[\p{L}\p{M}]{1,MAX}`: a word of letters (with combining marks), carrying the one space in front of it.
 *  - ` ?[^\s\p{L}\p{M}\p{N}]{1,MAX}`: a run of punctuation or symbols (emoji too), with its leading space.
 *  - `\s{1,MAX}(?!\S)`: a whitespace run, leaving its last space for the word that follows (like GPT-2).
 *  - `\s`: the one whitespace character that the rule above left behind (a newline before a word, say).
 * MAX bounds a piece, so text without spaces (Chinese, long symbol runs) still gives short pieces: training and
 * encoding cost grows with the square of a piece's length.
 */
const MAX_PIECE_CHARS = 32;

const PIECE = new RegExp(
  [
    String.raw`\p{N}`,
    String.raw` ?[\p{L}\p{M}]{1,${MAX_PIECE_CHARS}}`,
    String.raw` ?[^\s\p{L}\p{M}\p{N}]{1,${MAX_PIECE_CHARS}}`,
    String.raw`\s{1,${MAX_PIECE_CHARS}}(?!\S)`,
    String.raw`\s`,
  ].join('|'),
  'gu',
);

/** Name stored in the JSON format, so a file made with other pretokenizer rules is refused instead of misread. */
export const PRETOKENIZER_NAME = 'palm-workbench-v1';

/** Split text into pieces; their concatenation is the text. */
export function splitPieces(text: string): string[] {
  return text.match(PIECE) ?? [];
}
