// `run`'s speed bench (docs/evidence.md, Method): after training, the runs of each rung (one seed) are timed
// interleaved by the bench (core/bench/interleave.ts) on the same backend, so time-to-target divides tokens by speeds
// measured side by side rather than by the runs' own clocks, timed minutes apart (core/bench/speeds.ts, as the
// workbench's "Benchmark these variants"). Written to speed.json; `report` reads it from every folder it is given (each
// shard benches its share of the rungs).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_CLAIMS } from '../../core/claims';
import type { ExperimentRun } from '../../core/config';
import { benchSpeedSets } from '../../core/bench/speeds';
import type { BackendName } from '../../core/kernels/backend';
import { initNodeBackend } from '../../core/worker/node-backend';
import type { ReportExperiment } from '../../core/report';
import { writeFileAtomic } from '../atomic-write';
import { CliError, describeWriteError } from '../errors';
import { INPUT_LIMITS } from '../../core/config/limits';
import { readJson } from '../files';
import type { Shard } from './run-shard';

export const SPEED_JSON = 'speed.json';

export type SpeedEntry = NonNullable<ReportExperiment['speeds']>[number];

/** Whether any of the claims is judged on time-to-target or tokens/s (else the bench would time what no verdict
 *  reads). */
export function needsSpeeds(claimIds: readonly string[]): boolean {
  return ALL_CLAIMS.some(
    (c) => claimIds.includes(c.id) && c.tests.some((t) => t.metric === 'timeToTarget' || t.metric === 'tokensPerSec'),
  );
}

/** The runs (one seed) of each rung this shard benches: rung k goes to shard (k mod n) + 1, like runs do. */
export function speedGroups(runs: readonly ExperimentRun[], shard?: Shard): ExperimentRun[][] {
  const byRung = new Map<number, ExperimentRun[]>();
  for (const r of runs) byRung.set(r.rung?.index ?? 0, [...(byRung.get(r.rung?.index ?? 0) ?? []), r]);
  return [...byRung].filter(([k]) => !shard || k % shard.count === shard.index - 1).map(([, group]) => group);
}

/** Bench each group interleaved in this process; each run name's median tokens/s over the rounds and their IQR. */
export async function benchSpeeds(
  groups: ExperimentRun[][],
  backend: BackendName,
  opts: { steps: number; log: (line: string) => void },
): Promise<SpeedEntry[]> {
  const info = await initNodeBackend(backend);
  return benchSpeedSets(
    groups.map((group) => group.map((r) => ({ name: r.name, config: r.config }))),
    { steps: opts.steps, backend: info.backend, log: opts.log },
  );
}

export function writeSpeeds(dir: string, entries: SpeedEntry[]): void {
  const path = join(dir, SPEED_JSON);
  try {
    writeFileAtomic(path, `${JSON.stringify({ speeds: entries }, null, 2)}\n`); // complete or absent after a crash
  } catch (e) {
    throw new CliError(describeWriteError(e, path));
  }
}

const isEntry = (e: unknown): e is SpeedEntry => {
  const x = e as Partial<SpeedEntry> | null;
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof x.name === 'string' &&
    typeof x.tokensPerSec === 'number' &&
    x.tokensPerSec > 0 &&
    Array.isArray(x.iqr) &&
    x.iqr.length === 2 &&
    x.iqr.every((v) => typeof v === 'number') &&
    typeof x.backend === 'string' &&
    (x.rounds === undefined || (Array.isArray(x.rounds) && x.rounds.every((v) => typeof v === 'number' && v > 0))) &&
    (x.set === undefined || (Number.isInteger(x.set) && x.set >= 0))
  );
};

/** The speed entries of the folders that have a speed.json (none: undefined); refuses a malformed one by name. */
export async function readSpeeds(dirs: readonly string[]): Promise<SpeedEntry[] | undefined> {
  const found = dirs.map((d) => join(d, SPEED_JSON)).filter((p) => existsSync(p));
  if (found.length === 0) return undefined;
  const lists = await Promise.all(
    found.map(async (path) => {
      const json = (await readJson(path, 'speed record', INPUT_LIMITS.specBytes)) as { speeds?: unknown };
      const list = json?.speeds;
      if (!Array.isArray(list)) throw new CliError(`${path}: "speeds" must be a list`);
      const bad = list.findIndex((e) => !isEntry(e));
      if (bad >= 0) {
        throw new CliError(
          `${path}: speeds[${bad}] must be { name, tokensPerSec > 0, iqr: [lo, hi], backend, rounds?: [> 0, ...], ` +
            'set?: integer ≥ 0 }',
        );
      }
      return list as SpeedEntry[];
    }),
  );
  return lists.flat();
}
