// Public face of core/checkpoint: safetensors read/write and workbench checkpoints (docs/design.md §2).
export * from './safetensors';
export * from './checkpoint';
export * from './finite';
