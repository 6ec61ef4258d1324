// The tokenizers of the workbench (docs/palm.md §1 "vocabulary"): byte-level; BPE and unigram with byte fallback, saved
// as Hugging Face tokenizer.json; and the byte-level BPE of older runs (read and trained, format palm-workbench-bpe).
export type { Tokenizer } from './types';
export { ByteTokenizer, BYTE_VOCAB_SIZE } from './byte';
export { BpeTokenizer } from './bpe';
export { UnigramTokenizer } from './unigram';
export { trainBpe, type TrainOptions } from './bpe-train';
export { trainUnigram, type UnigramTrainOptions } from './unigram-train';
export {
  toTokenizerJson,
  toTokenizerConfigJson,
  fromTokenizerJson,
  type HfTokenizer,
  type TrainingRecord,
} from './hf-json';
export { trainTokenizer, saveTokenizer, loadTokenizer, isHfTokenizerJson, type SubwordModel } from './load';
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
