// `run --shard i/n`: which of an experiment's planned runs (repeats included) a shard trains. Run k of the planned
// list (0-based) belongs to shard (k mod n) + 1: balanced to within one run, and stable while the spec is unchanged.
import { InvalidArgumentError } from 'commander';

export interface Shard {
  /** 1-based, as Slurm's SLURM_ARRAY_TASK_ID (with --array=1-n) or Kubernetes' JOB_COMPLETION_INDEX + 1 give it. */
  index: number;
  count: number;
}

/** Commander parser for "i/n" with 1 ≤ i ≤ n. */
export function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new InvalidArgumentError(`expected i/n with 1 ≤ i ≤ n, e.g. 1/4 (got "${value}")`);
  }
  return { index, count };
}

/** The positions in a planned list of `total` runs that `shard` trains, in plan order. */
export function shardIndices(total: number, shard: Shard): number[] {
  return Array.from({ length: total }, (_, k) => k).filter((k) => k % shard.count === shard.index - 1);
}
