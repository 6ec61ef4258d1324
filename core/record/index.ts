// Public face of core/record: the run record's schema and types, reading it with clear errors, checkpoint coverage.
export * from './schema';
export * from './parse';
export * from './covers';
