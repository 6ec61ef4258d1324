// Training data (docs/design.md §1 data/): corpora, train/validation split, seeded batch sampling; no TensorFlow.js.
export { loadCorpus, corpusFromBytes, truncateToBytes, type BuiltInCorpus } from './corpora';
export { splitTokens, type TokenSplit } from './split';
export { Rng } from './random';
export { BatchSampler, evalBatches, type Batch, type SamplerState } from './sampler';
export { prepareData, type PreparedData, type PrepareOptions } from './prepare';
