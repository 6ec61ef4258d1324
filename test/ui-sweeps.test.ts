// The sweep panel's plots (renderer/src/panels/sweeps.ts) for the runs the builder queues from the lr-sensitivity
// preset: the base row is named without its learning rate, yet it is a point of its variant's curve; each variant is
// named inside its experiment and coloured as its first run; an experiment without a sweep gets no plot.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseExperiment } from '../core/claims';
import { planAblationRuns } from '../renderer/src/builder/ablations';
import { draftFromInput } from '../renderer/src/builder/draft';
import { presetFromExperiment } from '../renderer/src/builder/presets';
import { planSeeds } from '../renderer/src/builder/seeds';
import { RUN_COLOURS } from '../renderer/src/palette';
import { planSweepPlots } from '../renderer/src/panels/sweeps';
import { createWorkbenchStore } from '../renderer/src/store/workbench-store';
import { makeJudgedEntry } from './ui-fakes';

function builderRuns(file: string, seeds: number) {
  const exp = parseExperiment(JSON.parse(readFileSync(`experiments/${file}`, 'utf8')), file);
  const preset = presetFromExperiment(exp, file);
  const plan = planAblationRuns(draftFromInput(preset.base), preset.modes, exp.name, preset);
  if (!plan.ok) throw new Error(JSON.stringify(plan.issues));
  return { name: exp.name, runs: planSeeds(plan.runs, seeds) };
}

describe('sweep plots of the lr-sensitivity preset, as the builder queues it', () => {
  const { name, runs } = builderRuns('lr-sensitivity.json', 2);
  const experiment = { id: 'e1', name };
  // Loss as a function of the rate, so each point is checkable: 3 + |log10(lr) + 2| + seed / 100.
  const entries = runs.map((r) =>
    makeJudgedEntry(
      r.name,
      r.config,
      r.config.train.seed,
      3 + Math.abs(Math.log10(r.config.optimizer.learningRate) + 2) + r.config.train.seed / 100,
      experiment,
    ),
  );
  const store = createWorkbenchStore();
  store.getState().addRuns(entries);
  const styled = store.getState().order.map((id) => store.getState().runs[id]!);

  it('plots the four variants over the five rates, two seeds each, the base row included', () => {
    expect(runs).toHaveLength(40);
    const [p, ...rest] = planSweepPlots(styled);
    expect(rest).toEqual([]);
    expect(p!.title).toBe('Final validation loss vs optimizer.learningRate');
    expect(p!.plot.axes[0]!.values).toEqual([0.003, 0.01, 0.03, 0.1, 0.3]);
    expect(p!.names).toEqual(['palm', 'bias', 'untied', 'z-loss-off']);
    for (const v of p!.plot.variants) {
      expect(v.seeds).toBe(2);
      expect(v.curve.map((c) => c.n)).toEqual([2, 2, 2, 2, 2]);
      // The mean of seeds 0 and 1: 3 + |log10(lr) + 2| + 0.005.
      v.curve.forEach((c, k) => {
        const rate = p!.plot.axes[0]!.values[k] as number;
        expect(c.mean).toBeCloseTo(3.005 + Math.abs(Math.log10(rate) + 2), 12);
      });
    }
  });

  it('gives the four variants four colours of the palette: their first runs share some (a dash tells them apart)', () => {
    const [p] = planSweepPlots(styled);
    const colours = p!.styles.map((s) => s.colour);
    expect(new Set(colours).size).toBe(4);
    for (const c of colours) expect(RUN_COLOURS).toContain(c);
  });

  it("keeps each variant in its first run's style when those colours differ (6 runs' variants: 6 colours)", () => {
    const few = entries.filter((e) =>
      /· (palm|bias)( · optimizer\.learningRate=0\.0(03|1|3))? · seed/.test(e.record.name),
    );
    const fresh = createWorkbenchStore();
    fresh.getState().addRuns(few);
    const shown = fresh.getState().order.map((id) => fresh.getState().runs[id]!);
    const [p] = planSweepPlots(shown);
    expect(p!.names).toEqual(['palm', 'bias']);
    expect(p!.plot.axes[0]!.values).toEqual([0.003, 0.01, 0.03]);
    p!.plot.variants.forEach((v, k) => expect(p!.styles[k]).toEqual(shown[v.firstRun]!.style));
  });

  it('shows nothing for an experiment that sweeps no key', () => {
    const other = builderRuns('mha-vs-mqa.json', 1).runs.map((r) =>
      makeJudgedEntry(r.name, r.config, 0, 3, { id: 'e2', name: 'mha-vs-mqa' }),
    );
    expect(planSweepPlots(other)).toEqual([]);
  });
});
