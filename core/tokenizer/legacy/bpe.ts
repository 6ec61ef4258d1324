// The tokenizer of runs made before tokenizer.json (data.tokenizer "subword", format palm-workbench-bpe): byte-level
// BPE. Ids 0..255 are the UTF-8 bytes; id 256 + r is the token made by merge r. Read, never trained (docs/tokenizer-format.md).
import { MAX_PAIR_ID, mergeSymbols, pairKey } from '../bpe-merges';
import { splitPieces } from './pretokenize';
import type { Tokenizer } from '../types';

export const BYTE_TOKENS = 256;
export const MAX_VOCAB_SIZE = MAX_PAIR_ID;

export type Merge = readonly [number, number];

const utf8Encoder = new TextEncoder();
// ignoreBOM keeps a leading U+FEFF in the text: the default decoder would drop it and break decode(encode(x)) === x.
const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });
/** Encoding a corpus repeats the same words; remember their ids, up to a bound so a long session can't grow it. */
const MAX_CACHED_PIECES = 100_000;

export class SubwordTokenizer implements Tokenizer {
  /** Id of the token made from each pair, keyed by pairKey; a lower id is an earlier merge, so it applies first. */
  private readonly mergedIds = new Map<number, number>();
  private readonly tokenBytes: Uint8Array[] = [];
  private readonly pieceCache = new Map<string, number[]>();

  /**
   * @param vocabSize ids the model embeds; may exceed 256 + merges.length (training ran out of pairs seen twice),
   *   and those spare ids decode to nothing.
   * @param merges merge r joins two earlier tokens into token 256 + r.
   */
  constructor(
    readonly vocabSize: number,
    readonly merges: readonly Merge[],
  ) {
    for (let byte = 0; byte < BYTE_TOKENS; byte++) this.tokenBytes.push(Uint8Array.of(byte));
    merges.forEach(([a, b], rank) => {
      const id = BYTE_TOKENS + rank;
      this.mergedIds.set(pairKey(a, b), id);
      const left = this.tokenBytes[a];
      const right = this.tokenBytes[b];
      if (left === undefined || right === undefined) {
        throw new RangeError(`merge ${rank} joins [${a}, ${b}], but only tokens below ${id} exist before it`);
      }
      const joined = new Uint8Array(left.length + right.length);
      joined.set(left);
      joined.set(right, left.length);
      this.tokenBytes.push(joined);
    });
  }

  encode(text: string): Int32Array {
    const ids: number[] = [];
    for (const piece of splitPieces(text)) {
      for (const id of this.encodePiece(piece)) ids.push(id);
    }
    return Int32Array.from(ids);
  }

  decode(ids: ArrayLike<number>): string {
    const parts: Uint8Array[] = [];
    let byteCount = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) {
        throw new RangeError(`token id ${id} at position ${i} is outside the vocabulary [0, ${this.vocabSize})`);
      }
      const bytes = this.tokenBytes[id];
      if (bytes === undefined) continue;
      parts.push(bytes);
      byteCount += bytes.length;
    }
    const joined = new Uint8Array(byteCount);
    let offset = 0;
    for (const bytes of parts) {
      joined.set(bytes, offset);
      offset += bytes.length;
    }
    // Ids from a model need not form valid UTF-8; the decoder shows those bytes as U+FFFD instead of failing.
    return utf8Decoder.decode(joined);
  }

  /** Start from the piece's bytes (the fallback) and apply the earliest learned merge until none applies. */
  private encodePiece(piece: string): number[] {
    const cached = this.pieceCache.get(piece);
    if (cached !== undefined) return cached;
    let symbols = Array.from(utf8Encoder.encode(piece));
    for (;;) {
      let bestId = Infinity;
      let bestAt = -1;
      for (let i = 0; i + 1 < symbols.length; i++) {
        const id = this.mergedIds.get(pairKey(symbols[i]!, symbols[i + 1]!));
        if (id !== undefined && id < bestId) {
          bestId = id;
          bestAt = i;
        }
      }
      if (bestAt < 0) break;
      symbols = mergeSymbols(symbols, symbols[bestAt]!, symbols[bestAt + 1]!, bestId);
    }
    if (this.pieceCache.size >= MAX_CACHED_PIECES) this.pieceCache.clear();
    this.pieceCache.set(piece, symbols);
    return symbols;
  }
}
