// Public face of core/ops (docs/design.md §1): the closed forms with their gradients in stock TensorFlow.js ops, the
// optimizer step formulas, and the types the kernels share. Imports tfjs and nothing else of core.
export * from './activations';
export * from './adafactor-step';
export * from './adamw-step';
export * from './attention';
export * from './cached-attention';
export * from './custom-op';
export * from './loss';
export * from './norm';
export * from './rope';
export * from './sparse';
