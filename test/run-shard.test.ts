// `run --shard i/n` and `report DIR...` over shards: every planned run lands in exactly one shard, the split is
// stable and balanced, and the merge check refuses shards of different splits or a run held twice.
import { describe, expect, it } from 'vitest';
import { checkShards, isShardRecord, type ShardRecord } from '../cli/commands/report-merge';
import { parseShard, shardIndices } from '../cli/commands/run-shard';

describe('shard assignment', () => {
  it('covers every planned run exactly once for n = 1..5, balanced to within one run', () => {
    for (let total = 0; total <= 13; total++) {
      for (let n = 1; n <= 5; n++) {
        const shards = Array.from({ length: n }, (_, i) => shardIndices(total, { index: i + 1, count: n }));
        const all = shards.flat().sort((a, b) => a - b);
        expect(all, `total ${total}, n ${n}`).toEqual(Array.from({ length: total }, (_, k) => k));
        const sizes = shards.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('is stable: the same plan gives the same split, run k to shard (k mod n) + 1', () => {
    expect(shardIndices(7, { index: 1, count: 3 })).toEqual([0, 3, 6]);
    expect(shardIndices(7, { index: 3, count: 3 })).toEqual([2, 5]);
    expect(shardIndices(7, { index: 2, count: 3 })).toEqual(shardIndices(7, { index: 2, count: 3 }));
  });

  it('parses i/n and refuses anything else, naming the expected form', () => {
    expect(parseShard('2/5')).toEqual({ index: 2, count: 5 });
    for (const bad of ['0/2', '3/2', '1/0', '1', 'a/b', '1/2/3', '-1/2', '1.5/2'])
      expect(() => parseShard(bad), bad).toThrow(/expected i\/n with 1 ≤ i ≤ n/);
  });
});

describe('merging shard folders', () => {
  const planned = ['base-seed0', 'mha-seed0', 'base-seed1', 'mha-seed1'];
  const record = (index: number, count = 2, name = 'exp'): ShardRecord => ({
    name,
    shard: { index, count },
    plannedRuns: planned,
  });

  it('recognises what run --shard writes to experiment.json, and only that', () => {
    expect(isShardRecord(record(1))).toBe(true);
    expect(isShardRecord({ name: 'exp', repeats: 2 })).toBe(false);
    expect(isShardRecord(undefined)).toBe(false);
  });

  it('lists the planned runs no shard holds, and none when all are there', () => {
    const one = { dir: 's1', record: record(1), runFolders: ['s1/base-seed0', 's1/base-seed1'] };
    const two = { dir: 's2', record: record(2), runFolders: ['s2/mha-seed0', 's2/mha-seed1'] };
    expect(checkShards([one, two])).toEqual([]);
    expect(checkShards([one])).toEqual(['mha-seed0', 'mha-seed1']);
  });

  it('refuses a run held by two shards, and shards of another split or experiment', () => {
    const one = { dir: 's1', record: record(1), runFolders: ['s1/base-seed0'] };
    const dup = { dir: 's2', record: record(2), runFolders: ['s2/base-seed0'] };
    expect(() => checkShards([one, dup])).toThrow(/run "base-seed0" is in two shard folders \(s1 and s2\)/);
    expect(() => checkShards([one, { ...dup, record: record(2, 3), runFolders: [] }])).toThrow(/shard 2\/3/);
    expect(() => checkShards([one, { ...dup, record: record(2, 2, 'other'), runFolders: [] }])).toThrow(/"other"/);
    const otherPlan = { ...record(2), plannedRuns: ['base'] };
    expect(() => checkShards([one, { ...dup, record: otherPlan, runFolders: [] }])).toThrow(/planned different runs/);
  });
});
