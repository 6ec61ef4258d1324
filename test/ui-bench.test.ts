// "Benchmark these variants" in the workbench: which configs an experiment benches (one per variant, per rung, the
// base first, named as its verdicts name them), the table (ratios paired over rounds: test/golden/bench_speeds.py),
// the bench kept in IndexedDB across reloads, and the verdict cards and report judging speed on it only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConfigInput } from '../core/config';
import { buildHtmlReport } from '../core/report';
import type { BenchedSpeed } from '../core/runs/protocol';
import { benchSpeedsOf, describeBench, planBench } from '../renderer/src/panels/bench-plan';
import { planReport } from '../renderer/src/panels/report-scope';
import { buildVerdictCards } from '../renderer/src/panels/verdicts';
import { keepBenches, parseStoredBenches, type BenchStorage } from '../renderer/src/store/bench-storage';
import type { BenchRecord, RunEntry } from '../renderer/src/store/types';
import { createWorkbenchStore } from '../renderer/src/store/workbench-store';
import { makeJudgedEntry } from './ui-fakes';

const golden = JSON.parse(readFileSync(join(import.meta.dirname, 'golden', 'bench_speeds.json'), 'utf8')) as {
  cases: { base: number[]; variant: number[]; ratio: number; ci95: [number, number] }[];
};

const A = { id: 'A', name: 'mha-vs-mqa' };
const B = { id: 'B', name: 'later' };
const MHA: ConfigInput = { model: { attention: 'mha' } };
const seeded = (variant: string, input: ConfigInput, losses: number[], exp = A, label = variant): RunEntry[] =>
  losses.map((l, s) => {
    const e = makeJudgedEntry(`${exp.name} · ${variant} · seed ${s}`, input, s, l, exp);
    return { ...e, record: { ...e.record, label } };
  });

// The alternative queued first: the base (label "") still leads the bench's set.
const entries: RunEntry[] = [
  ...seeded('mha', MHA, [2.31, 2.3, 2.33], A, 'mha'),
  ...seeded('mqa', {}, [2.3, 2.32, 2.31], A, ''),
  ...seeded('mqa', {}, [2.0], B, ''),
];

const speed = (name: string, rounds: number[], set = 0): BenchedSpeed => {
  const s = [...rounds].sort((a, b) => a - b);
  return { name, tokensPerSec: (s[1]! + s[2]!) / 2, iqr: [s[0]!, s[3]!], backend: 'wasm', rounds, set };
};
const c = golden.cases[0]!;
const BENCH: BenchRecord = {
  experimentId: 'A',
  backend: 'wasm',
  wasmThreads: 2,
  steps: 16,
  measuredAt: '2026-12-07T19:40:12.000Z',
  speeds: [speed('mha-vs-mqa · mqa', c.base), speed('mha-vs-mqa · mha', c.variant)],
};

describe('what a bench times', () => {
  it('one config per variant (its first seed), named without the seed, the base first', () => {
    const sets = planBench(entries, 'A');
    expect(sets.map((set) => set.map((v) => [v.name, v.config.model.attention, v.config.train.seed]))).toEqual([
      [
        ['mha-vs-mqa · mqa', 'mqa', 0],
        ['mha-vs-mqa · mha', 'mha', 0],
      ],
    ]);
    expect(planBench(entries, 'nothing')).toEqual([]);
  });

  it('one set per ladder rung, in rung order: rounds pair only inside a rung', () => {
    const rung = (e: RunEntry, index: number): RunEntry => ({
      ...e,
      record: { ...e.record, name: `${e.record.name} · r${index}`, rung: { index, name: `r${index}` } },
    });
    const ladder = [rung(entries[3]!, 1), rung(entries[0]!, 1), rung(entries[4]!, 0), rung(entries[1]!, 0)];
    const sets = planBench(
      ladder.map((e) => ({
        ...e,
        record: { ...e.record, config: { ...e.record.config, model: { ...e.record.config.model, dModel: 32 } } },
      })),
      'A',
    );
    expect(sets.map((set) => set.length)).toEqual([2, 2]);
    expect(sets[0]!.map((v) => v.name)).toEqual(['mha-vs-mqa · mqa · seed 1 · r0', 'mha-vs-mqa · mha · seed 1 · r0']);
  });
});

describe('the bench table', () => {
  it('gives median [IQR] and the ratio to the base paired over rounds (scipy: ×0.804 [0.784, 0.824])', () => {
    const table = describeBench(BENCH, 'mha-vs-mqa');
    expect(table.caption).toBe(
      'timed interleaved on wasm (2 threads), 16 steps per variant in 4 rounds, 2026-12-07 19:40 UTC',
    );
    expect(table.rows.map((r) => [r.variant, r.ratio])).toEqual([
      ['mqa', 'base'],
      [
        'mha',
        `×${Number(c.ratio.toPrecision(3))} [${Number(c.ci95[0].toPrecision(3))}, ${Number(c.ci95[1].toPrecision(3))}]`,
      ],
    ]);
    expect(table.rows[1]!.ratio).toBe('×0.804 [0.784, 0.824]');
    expect(table.rows[1]!.tokensPerSec).toBe('955 [480, 980]');
  });
});

describe('the verdict cards with and without a bench', () => {
  it('without one: no wall time, and the card says the speeds are not comparable and how to compare them', () => {
    const card = buildVerdictCards(entries)[0]!;
    expect(card.effects.map((e) => e.metric)).not.toContain('timeToTarget');
    expect(card.notes).toContain(
      'wall time to target loss (bench speed): not measured for mha-vs-mqa · mqa vs mha-vs-mqa · mha: speed not ' +
        'comparable: timed separately; press “Benchmark these variants” to time them interleaved',
    );
    expect(card.ladder[0]).toMatch(/wall time: no bench speeds$/);
  });

  it("with one: wall time to target at the bench's speeds, judged (MHA at 0.80× MQA's speed takes 24% longer)", () => {
    const card = buildVerdictCards(entries, {}, { A: BENCH })[0]!;
    const wall = card.effects.find((e) => e.metric === 'timeToTarget')!;
    expect(wall.timedApart).toBe(false);
    // Both reach the target at the same tokens in every seed: wall ratio = MQA's speed / MHA's, no spread.
    const ratio = speed('', c.base).tokensPerSec / speed('', c.variant).tokensPerSec;
    expect(wall.delta).toBeCloseTo(ratio - 1, 12);
    expect(wall.verdict).toBe('contradicted'); // outside the claims table's ±10%
    expect(wall.why).toBe('a real difference: the interval lies outside ±10%');
    expect(card.notes.join('\n')).not.toContain('timed separately');
    expect(card.ladder[0]).toMatch(
      /wall time ×1\.24 \[1\.24, 1\.24\] at the interleaved bench's 955 vs 1\.19k tokens\/s \(wasm\)$/,
    );
    // The final-loss and wall-time effects of the pair carry the same to-target figures: said once.
    expect(card.ladder).toHaveLength(1);
    // Another experiment's bench never judges this one.
    expect(
      buildVerdictCards(entries, {}, { B: { ...BENCH, experimentId: 'B' } })[0]!.effects.map((e) => e.metric),
    ).not.toContain('timeToTarget');
  });

  it("goes into the experiment's report, and not into a report of runs from two experiments", () => {
    const plan = planReport(entries, 'A', { hidden: {}, margins: {} }, {}, () => undefined, { A: BENCH });
    expect(plan.experiment.speeds).toEqual(BENCH.speeds);
    // Its cards' words, the to-target figures once (the final-loss and wall-time effects share them).
    const html = buildHtmlReport(plan.runs, plan.experiment, plan.options);
    expect(html).toContain('a real difference: the interval lies outside ±10%');
    expect(html.match(/at the interleaved bench&#39;s 955 vs 1\.19k tokens\/s \(wasm\)/g)).toHaveLength(1);
    const shown = planReport(entries, 'shown', { hidden: {}, margins: {} }, {}, () => undefined, { A: BENCH });
    expect(shown.experiment.speeds).toBeUndefined();
  });
});

class MemoryBenches implements BenchStorage {
  items = new Map<string, BenchRecord>();
  async loadAll() {
    return [...this.items.values()];
  }
  async save(bench: BenchRecord) {
    this.items.set(bench.experimentId, structuredClone(bench));
  }
  async delete(id: string) {
    this.items.delete(id);
  }
}
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('a bench kept across reloads', () => {
  it('is written when it comes, read back as it was, and dropped with the last run of its experiment', async () => {
    const storage = new MemoryBenches();
    const store = createWorkbenchStore({
      runs: Object.fromEntries(entries.map((e) => [e.record.id, e])),
      order: entries.map((e) => e.record.id),
    });
    keepBenches(store, storage);
    store.setState({ benches: { A: BENCH } });
    await flush();
    const reloaded = parseStoredBenches(await storage.loadAll());
    expect(reloaded).toEqual({ benches: { A: BENCH }, problems: [] });
    for (const e of entries.filter((x) => x.experiment?.id === 'A').slice(1)) store.getState().removeRun(e.record.id);
    expect(store.getState().benches.A).toBe(BENCH);
    store.getState().removeRun(entries[0]!.record.id);
    expect(store.getState().benches).toEqual({});
    await flush();
    expect(storage.items.size).toBe(0);
  });

  it('leaves out a stored bench that no longer parses, naming what is wrong', () => {
    const broken = { ...BENCH, speeds: [{ ...BENCH.speeds[0]!, rounds: [] }] };
    const { benches, problems } = parseStoredBenches([broken, { ...BENCH, experimentId: 'B' }]);
    expect(Object.keys(benches)).toEqual(['B']);
    expect(problems).toEqual([expect.stringMatching(/^a stored bench \(0\) was left out: speeds\.0\.rounds: /)]);
  });

  it("reads as the report's speeds: by variant name", () => {
    const { name, ...mha } = BENCH.speeds[1]!;
    expect(benchSpeedsOf(BENCH)!.get(name)).toEqual(mha);
    expect(benchSpeedsOf(undefined)).toBeUndefined();
  });
});
