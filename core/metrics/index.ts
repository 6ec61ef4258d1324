// Public face of core/metrics: the FLOPs/params/MFU/KV-cache calculator and memory accounting (PALM.md §3).
export * from './params';
export * from './flops';
export * from './memory';
export * from './presets';
export * from './calculator';
export * from './median';
export * from './activations';
