// The tokenizers of the workbench (docs/palm.md §1 "vocabulary"): byte-level; BPE and unigram with byte fallback, saved
// as Hugging Face tokenizer.json. The byte-level BPE of older runs (format palm-workbench-bpe) is read by loadTokenizer
// from legacy/ (docs/tokenizer-format.md).
export type { Tokenizer } from './types';
export { ByteTokenizer } from './byte';
export { BpeTokenizer } from './bpe';
export { UnigramTokenizer } from './unigram';
export { trainBpe, DEFAULT_MAX_TRAIN_BYTES, type TrainOptions } from './bpe-train';
export { trainUnigram, type UnigramTrainOptions } from './unigram-train';
export {
  toTokenizerJson,
  toTokenizerConfigJson,
  fromTokenizerJson,
  type HfTokenizer,
  type TrainingRecord,
} from './hf-json';
export { trainTokenizer, saveTokenizer, loadTokenizer, isHfTokenizerJson, type SubwordModel } from './load';
export { bytesPerToken } from './measure';
