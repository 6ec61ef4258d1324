// `report DIR...` over the folders of `run --shard i/n`: when every folder is a shard of the same experiment, the
// report is that experiment's, each run once, and it says which planned runs no shard has trained yet.
import { basename } from 'node:path';
import { CliError } from '../errors';

/** What `run --shard` adds to experiment.json. */
export interface ShardRecord {
  name: string;
  shard: { index: number; count: number };
  /** Folder names of every planned run of the experiment, all shards together. */
  plannedRuns: string[];
}

export function isShardRecord(json: unknown): json is ShardRecord {
  const j = json as Partial<ShardRecord> | null;
  return (
    typeof j === 'object' &&
    j !== null &&
    typeof j.name === 'string' &&
    typeof j.shard?.index === 'number' &&
    typeof j.shard.count === 'number' &&
    Array.isArray(j.plannedRuns)
  );
}

/** The planned runs the shards do not hold; throws when the shards are not of one split of one experiment, or
 *  when two of them hold the same run. */
export function checkShards(shards: { dir: string; record: ShardRecord; runFolders: string[] }[]): string[] {
  const [first] = shards;
  if (!first) return [];
  for (const s of shards) {
    if (s.record.name !== first.record.name || s.record.shard.count !== first.record.shard.count) {
      throw new CliError(
        `${s.dir} is shard ${s.record.shard.index}/${s.record.shard.count} of "${s.record.name}", but ${first.dir} is ` +
          `shard ${first.record.shard.index}/${first.record.shard.count} of "${first.record.name}": merge the shards of one split`,
      );
    }
    if (s.record.plannedRuns.join('\n') !== first.record.plannedRuns.join('\n')) {
      throw new CliError(`${s.dir} and ${first.dir} planned different runs: were they run from different specs?`);
    }
  }
  const seen = new Map<string, string>();
  for (const s of shards) {
    for (const folder of s.runFolders) {
      const run = basename(folder);
      const other = seen.get(run);
      if (other !== undefined) throw new CliError(`run "${run}" is in two shard folders (${other} and ${s.dir})`);
      seen.set(run, s.dir);
    }
  }
  return first.record.plannedRuns.filter((run) => !seen.has(run));
}
