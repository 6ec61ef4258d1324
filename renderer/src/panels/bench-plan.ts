// What "Benchmark these variants" times and shows (pure): an experiment's variants, one config each (its first run's:
// the seed does not change a step's cost), named as reports name a variant (without its seed), one set per ladder rung
// with the experiment's base first; the speeds its verdicts read; and the table, each variant's ratio to the base
// paired over the rounds as the verdicts pair them (core/report/bench-speeds.ts).
import type { PairedRatio } from '../../../core/metrics/to-target';
import { formatCount, formatSignificant } from '../../../core/report/format';
import { pairBenchSpeeds } from '../../../core/report/bench-speeds';
import type { BenchSpeeds } from '../../../core/report/to-target';
import { variantConfigKey, variantName } from '../../../core/report/units';
import type { BenchVariant } from '../../../core/runs/protocol';
import { groupRuns, nameInExperiment } from '../runs/groups';
import type { BenchRecord, RunEntry } from '../store/types';

/** The sets to bench for one experiment group: per rung (in rung order), each variant once, the base's first. */
export function planBench(entries: readonly RunEntry[], groupId: string): BenchVariant[][] {
  const group = groupRuns(entries).find((g) => g.id === groupId);
  if (!group) return [];
  const byId = new Map(entries.map((e) => [e.record.id, e]));
  const runs = group.runIds.flatMap((id) => byId.get(id) ?? []);
  // The base (label "") leads its set, so the table's ratios are to it; the bench rotates the order each round.
  const ordered = [...runs].sort((a, b) => Number(a.record.label !== '') - Number(b.record.label !== ''));
  const sets = new Map<number, Map<string, BenchVariant>>();
  for (const e of ordered) {
    const rung = e.record.rung?.index ?? 0;
    const set = sets.get(rung) ?? new Map<string, BenchVariant>();
    sets.set(rung, set);
    const key = variantConfigKey(e.record.config);
    if (!set.has(key)) set.set(key, { name: variantName(e.record.name), config: e.record.config });
  }
  return [...sets].sort(([a], [b]) => a - b).map(([, set]) => [...set.values()]);
}

/** A bench's speeds by variant name, as core/report's verdicts and reports read them. */
export function benchSpeedsOf(record: BenchRecord | undefined): BenchSpeeds | undefined {
  return record && new Map(record.speeds.map(({ name, ...speed }) => [name, speed]));
}

export interface BenchRow {
  key: string;
  variant: string;
  /** "12.3k [12.1k, 12.6k]": the median tokens/s over the rounds and their IQR. */
  tokensPerSec: string;
  /** "×0.97 [0.95, 0.99]": this variant / the set's base, paired over rounds with its 95% interval; "base". */
  ratio: string;
}

export interface BenchTable {
  /** "timed interleaved on wasm (2 threads), 16 steps per variant in 4 rounds, 2026-12-07 19:42 UTC" */
  caption: string;
  rows: BenchRow[];
}

const ratioText = (r: PairedRatio) =>
  `×${formatSignificant(r.ratio, 3)}${r.ci95 ? ` [${formatSignificant(r.ci95[0], 3)}, ${formatSignificant(r.ci95[1], 3)}]` : ''}`;

export function describeBench(record: BenchRecord, experiment: string): BenchTable {
  const speeds = benchSpeedsOf(record)!; // a record gives a map
  const rows = record.speeds.map((s) => {
    const base = record.speeds.find((b) => b.set === s.set)!; // s's own set has a first entry
    const paired = base === s ? null : pairBenchSpeeds(speeds, base.name, s.name);
    return {
      key: `${s.set} ${s.name}`,
      variant: nameInExperiment(s.name, experiment),
      tokensPerSec: `${formatCount(s.tokensPerSec)} [${formatCount(s.iqr[0])}, ${formatCount(s.iqr[1])}]`,
      ratio: base === s ? 'base' : paired ? ratioText(paired.ratio) : 'not timed together',
    };
  });
  const threads = record.wasmThreads ? ` (${record.wasmThreads} thread${record.wasmThreads === 1 ? '' : 's'})` : '';
  const adapter = record.adapterInfo ? ` (${record.adapterInfo})` : '';
  const rounds = record.speeds[0]?.rounds.length ?? 0;
  const at = `${record.measuredAt.slice(0, 16).replace('T', ' ')} UTC`;
  return {
    caption:
      `timed interleaved on ${record.backend}${threads || adapter}, ${record.steps} steps per variant in ` +
      `${rounds} round${rounds === 1 ? '' : 's'}, ${at}`,
    rows,
  };
}
