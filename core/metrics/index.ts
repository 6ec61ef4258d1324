// Public face of core/metrics: the FLOPs/params/MFU/KV-cache calculator, memory and optimizer-state accounting, and
// the run summary (docs/palm.md §3, §4). Pure: no TensorFlow.js.
export * from './params';
export * from './flops';
export * from './memory';
export * from './presets';
export * from './calculator';
export * from './median';
export * from './activations';
export * from './optimizer-state';
export * from './run-summary';
