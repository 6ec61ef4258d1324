// The byte-level tokenizer (docs/palm.md §1 "vocabulary", the alternative to SentencePiece): id = UTF-8 byte value,
// 256 ids, lossless for any Unicode text. No TensorFlow.js here (docs/design.md §1).
import type { Tokenizer } from './types';

export const BYTE_VOCAB_SIZE = 256;

export class ByteTokenizer implements Tokenizer {
  readonly vocabSize = BYTE_VOCAB_SIZE;
  private readonly encoder = new TextEncoder();
  // Non-fatal: ids sampled from a model need not form valid UTF-8; such bytes decode to U+FFFD instead of throwing.
  private readonly decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

  /** The UTF-8 bytes of `text`, one id per byte. */
  encode(text: string): Int32Array {
    return Int32Array.from(this.encoder.encode(text));
  }

  /** The text whose UTF-8 bytes are `ids`; an id outside 0..255 is an error (it cannot come from this vocabulary). */
  decode(ids: ArrayLike<number>): string {
    const bytes = new Uint8Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (!Number.isInteger(id) || id < 0 || id >= BYTE_VOCAB_SIZE) {
        throw new RangeError(`byte tokenizer: id ${id} at index ${i} is not a byte (0..255)`);
      }
      bytes[i] = id;
    }
    return this.decoder.decode(bytes);
  }
}
