// Public face of core/config: the schema, validation and presets (safe for the renderer to import).
export * from './schema';
export * from './parse';
export * from './derived';
export * from './experiment';
export * from './plan';
export * from './labels';
export * from './presets';
export * from './settings';
