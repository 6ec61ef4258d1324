// Public face of core/train: the Trainer, its run record types and evaluation (docs/design.md §1 train/).
export { Trainer, type TrainerOptions, type RunCallbacks } from './trainer';
export { evaluateLoss, disjointWindows, type EvalResult } from './evaluate';
export { readTensors, paramsFromWeights } from './weights';
export { decodeTrainState, type TrainState } from './train-state';
export type * from '../record/schema';
