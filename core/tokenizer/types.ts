// The one interface every tokenizer of the workbench implements (docs/palm.md §1 "vocabulary"): byte-level and subword.
// Ids are dense in [0, vocabSize): they index the model's embedding rows directly.

export interface Tokenizer {
  /** Number of ids the model must embed; every id a tokenizer emits is below it. */
  vocabSize: number;
  encode(text: string): Int32Array | number[];
  /** Inverse of encode: decode(encode(x)) === x for every well-formed string. */
  decode(ids: ArrayLike<number>): string;
}
