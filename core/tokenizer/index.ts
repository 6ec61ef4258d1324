// The tokenizers of the workbench (PALM.md §1 "vocabulary"): byte-level, and trained subword with byte fallback.
export type { Tokenizer } from './types';
export { ByteTokenizer, BYTE_VOCAB_SIZE } from './byte';
export { SubwordTokenizer, MAX_VOCAB_SIZE, type Merge } from './subword';
export { trainSubwordTokenizer, DEFAULT_MAX_TRAIN_BYTES, type SubwordTrainOptions } from './subword-train';
export {
  tokenizerToJSON,
  tokenizerFromJSON,
  TOKENIZER_FORMAT,
  TOKENIZER_FORMAT_VERSION,
  type SubwordTokenizerJSON,
} from './subword-json';
export { bytesPerToken } from './subword-measure';
