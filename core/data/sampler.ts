// Batches of next-token windows (nanoGPT's get_batch): random windows for training, fixed ones for validation.
// Plain typed arrays; the trainer turns them into tensors. A batch is row-major [rows, T] in both arrays.
import { Rng } from './random';

export interface Batch {
  /** Tokens t..t+T-1 of each window, [rows * T]. */
  inputs: Int32Array;
  /** Tokens t+1..t+T: the inputs shifted by one, [rows * T]. */
  targets: Int32Array;
}

/** What a checkpoint stores to resume sampling where it stopped. */
export interface SamplerState {
  rngState: number;
}

function checkWindow(ids: Int32Array, seqLen: number): void {
  if (!Number.isInteger(seqLen) || seqLen < 1)
    throw new RangeError(`seqLen must be a positive integer (got ${seqLen})`);
  if (ids.length < seqLen + 1) {
    throw new Error(`${ids.length} tokens are too few for one window of seqLen + 1 = ${seqLen + 1}`);
  }
}

function fillWindows(ids: Int32Array, starts: number[], seqLen: number): Batch {
  const inputs = new Int32Array(starts.length * seqLen);
  const targets = new Int32Array(starts.length * seqLen);
  starts.forEach((start, row) => {
    inputs.set(ids.subarray(start, start + seqLen), row * seqLen);
    targets.set(ids.subarray(start + 1, start + seqLen + 1), row * seqLen);
  });
  return { inputs, targets };
}

/** Training batches: batchSize windows of seqLen + 1 tokens, each start uniform over the whole split. */
export class BatchSampler {
  private readonly rng: Rng;

  constructor(
    private readonly ids: Int32Array,
    readonly batchSize: number,
    readonly seqLen: number,
    seed: number,
  ) {
    checkWindow(ids, seqLen);
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`batchSize must be a positive integer (got ${batchSize})`);
    }
    this.rng = new Rng(seed);
  }

  next(): Batch {
    const startCount = this.ids.length - this.seqLen; // starts 0..n-T-1 leave room for the last target
    const starts = Array.from({ length: this.batchSize }, () => this.rng.nextInt(startCount));
    return fillWindows(this.ids, starts, this.seqLen);
  }

  getState(): SamplerState {
    return { rngState: this.rng.getState() };
  }

  setState(state: SamplerState): void {
    this.rng.setState(state.rngState);
  }
}

/**
 * Validation batches: non-overlapping windows (inputs [kT, kT+T)), at most maxBatches · batchSize of them, spread
 * evenly over the split so a short evaluation still sees all of it. The same every call. The last batch has fewer
 * rows when the split holds fewer windows than asked for.
 */
export function evalBatches(ids: Int32Array, batchSize: number, seqLen: number, maxBatches: number): Batch[] {
  checkWindow(ids, seqLen);
  if (!Number.isInteger(batchSize) || batchSize < 1 || !Number.isInteger(maxBatches) || maxBatches < 1) {
    throw new RangeError(`batchSize and maxBatches must be positive integers (got ${batchSize}, ${maxBatches})`);
  }
  const windowCount = Math.floor((ids.length - 1) / seqLen);
  const usedCount = Math.min(windowCount, batchSize * maxBatches);
  const stride = Math.floor(windowCount / usedCount);
  const batches: Batch[] = [];
  for (let first = 0; first < usedCount; first += batchSize) {
    const rows = Math.min(batchSize, usedCount - first);
    const starts = Array.from({ length: rows }, (_, r) => (first + r) * stride * seqLen);
    batches.push(fillWindows(ids, starts, seqLen));
  }
  return batches;
}
