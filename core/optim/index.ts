// Public face of core/optim: Adafactor and AdamW (tf.Optimizer subclasses), clipping, schedules (docs/palm.md §4).
export * from './adafactor';
export * from './adamw';
export * from './clip';
export * from './create';
export * from './schedules';
