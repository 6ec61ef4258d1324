// Training data (docs/design.md §1 data/): corpora, train/validation split, seeded batch sampling; no TensorFlow.js.
// What other folders import from here; the rest is imported from its own file.
export { loadCorpus, corpusFromBytes, type BuiltInCorpus } from './corpora';
export type { TokenSplit } from './split';
export type { Batch, SamplerState } from './sampler';
export type { PreparedData, PrepareOptions } from './prepare';
