// The BPE model (docs/palm.md §1 "vocabulary"; SentencePiece's and Hugging Face's BPE with byte_fallback): merges over
// the characters of each word; a character without a piece is spelled as its UTF-8 bytes, ids 0..255.
import { BYTE_PIECES, decodePieces, utf8Encoder } from './byte-pieces';
import { MAX_PAIR_ID, pairKey } from './bpe-merges';
import type { Tokenizer } from './types';
import { encodeWords } from './words';

export type PiecePair = readonly [string, string];

/** Encoding a corpus repeats the same words; remember their ids, up to a bound so a long session can't grow it. */
const MAX_CACHED_WORDS = 100_000;

export class BpeTokenizer implements Tokenizer {
  readonly model = 'bpe';
  readonly vocabSize: number;
  private readonly ids = new Map<string, number>();
  /** pairKey(a, b) -> rank * MAX_PAIR_ID + id of the merged piece: the lower the rank, the earlier it applies. */
  private readonly mergeOf = new Map<number, number>();
  private readonly pieceBytes: Uint8Array[] = [];
  private readonly cache = new Map<string, number[]>();

  /**
   * @param pieces piece i has id 256 + i: the characters of the alphabet, then the merged pieces.
   * @param merges merge r joins two pieces into a third (rank r); all three must be pieces.
   * @param vocabSize ids the model embeds, at least 256 + pieces.length; spare ids decode to nothing.
   */
  constructor(
    readonly pieces: readonly string[],
    readonly merges: readonly PiecePair[],
    vocabSize = BYTE_PIECES + pieces.length,
  ) {
    // Too many pieces first: else the range of vocabSize below would read backwards.
    if (BYTE_PIECES + pieces.length > MAX_PAIR_ID) {
      throw new RangeError(
        `${pieces.length} pieces is too many: a BPE vocabulary holds at most ${MAX_PAIR_ID - BYTE_PIECES} pieces (${MAX_PAIR_ID} ids with the ${BYTE_PIECES} bytes)`,
      );
    }
    if (vocabSize < BYTE_PIECES + pieces.length || vocabSize > MAX_PAIR_ID) {
      throw new RangeError(`vocabSize ${vocabSize} must be in [${BYTE_PIECES + pieces.length}, ${MAX_PAIR_ID}]`);
    }
    this.vocabSize = vocabSize;
    for (let byte = 0; byte < BYTE_PIECES; byte++) this.pieceBytes.push(Uint8Array.of(byte));
    pieces.forEach((piece, i) => {
      if (piece.length === 0 || this.ids.has(piece)) {
        throw new Error(`piece ${BYTE_PIECES + i} ${JSON.stringify(piece)} is empty or repeated`);
      }
      this.ids.set(piece, BYTE_PIECES + i);
      this.pieceBytes.push(utf8Encoder.encode(piece));
    });
    merges.forEach(([left, right], rank) => {
      const a = this.ids.get(left);
      const b = this.ids.get(right);
      const merged = this.ids.get(left + right);
      if (a === undefined || b === undefined || merged === undefined) {
        throw new Error(`merge ${rank} ${JSON.stringify([left, right])}: both sides and their join must be pieces`);
      }
      // A pair listed twice takes its later rank, as in Hugging Face's readers (a map built in list order).
      this.mergeOf.set(pairKey(a, b), rank * MAX_PAIR_ID + merged);
    });
  }

  encode(text: string): Int32Array {
    return encodeWords(text, (word) => this.encodeWord(word));
  }

  decode(ids: ArrayLike<number>): string {
    return decodePieces(ids, this.pieceBytes, this.vocabSize);
  }

  /**
   * Hugging Face's BPE on one word: start from its characters, merge the adjacent pair of lowest rank (the leftmost
   * of equals) until none is left, then spell each symbol that is not a piece (a character outside the alphabet) as
   * its UTF-8 bytes.
   */
  private encodeWord(word: string): number[] {
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const chars = Array.from(word);
    const symbols = chars.map((char) => this.ids.get(char) ?? -1);
    for (;;) {
      let best = Infinity;
      let at = -1;
      for (let i = 0; i + 1 < symbols.length; i++) {
        if (symbols[i]! < 0 || symbols[i + 1]! < 0) continue;
        const merge = this.mergeOf.get(pairKey(symbols[i]!, symbols[i + 1]!));
        if (merge !== undefined && merge < best) {
          best = merge;
          at = i;
        }
      }
      if (at < 0) break;
      symbols.splice(at, 2, best % MAX_PAIR_ID);
      chars.splice(at, 2, '');
    }
    const ids: number[] = [];
    symbols.forEach((id, i) => {
      if (id >= 0) ids.push(id);
      else for (const byte of utf8Encoder.encode(chars[i])) ids.push(byte);
    });
    if (this.cache.size >= MAX_CACHED_WORDS) this.cache.clear();
    this.cache.set(word, ids);
    return ids;
  }
}
