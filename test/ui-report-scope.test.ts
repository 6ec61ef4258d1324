// A report is of one experiment: two experiments stored, one exported — its report holds only its runs, its verdicts
// are the verdict cards', its title and file name are the experiment's, its colours follow the variant (the seeds
// of one share it), and its samples ride along. Runs of several experiments pair only inside their own.
import { describe, expect, it } from 'vitest';
import type { ConfigInput } from '../core/config';
import { buildHtmlReport, buildJsonReport, judgeClaims, type JsonReport } from '../core/report';
import { buildVerdictCards } from '../renderer/src/panels/verdicts';
import { listReportScopes, planReport, SHOWN_RUNS } from '../renderer/src/panels/report-scope';
import { groupVariants } from '../renderer/src/runs/variants';
import { createWorkbenchStore } from '../renderer/src/store/workbench-store';
import { buildComparisonRows } from '../renderer/src/panels/comparison';
import { buildVariantRows } from '../renderer/src/panels/variant-rows';
import { makeJudgedEntry } from './ui-fakes';

const A = { id: 'A', name: 'mha-vs-mqa' };
const B = { id: 'B', name: 'serial-vs-parallel' };
const MHA: ConfigInput = { model: { attention: 'mha' } };
const SERIAL: ConfigInput = { model: { block: 'serial' } };
// Each seed with a colour of its own (first, first + 1, ...), as runs stored before variants shared one had.
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7'];
const seeds = (name: string, input: ConfigInput, losses: number[], exp: typeof A, first: number) =>
  losses.map((l, s) => {
    const e = makeJudgedEntry(`${exp.name} · ${name} · seed ${s}`, input, s, l, exp);
    return { ...e, style: { colour: COLOURS[(first + s) % COLOURS.length]! } };
  });

// A's base (mqa, parallel) and B's base have the same config: only the experiment tells them apart.
const entries = [
  ...seeds('mqa', {}, [2.3, 2.31, 2.32], A, 0),
  ...seeds('mha', MHA, [2.27, 2.28, 2.285], A, 1),
  ...seeds('parallel', {}, [2.5, 2.51, 2.52], B, 0),
  ...seeds('serial', SERIAL, [2.49, 2.5, 2.505], B, 1),
];
const noClaim = () => undefined;
const NO_VIEW = { hidden: {}, margins: {} };

describe('reports scoped to an experiment', () => {
  it('offers each experiment and the runs ticked for the charts', () => {
    expect(listReportScopes(entries).map((s) => s.id)).toEqual(['A', 'B', SHOWN_RUNS]);
  });

  it('holds only the chosen experiment’s runs, named and titled after it, with its samples', () => {
    const samples = {
      [entries[0]!.record.id]: { pending: false, prompt: 'The ', text: 'whale', tokensPerSec: 812 },
      [entries[6]!.record.id]: { pending: false, prompt: 'B ', text: 'from B', tokensPerSec: 1 },
    };
    const plan = planReport(entries, 'A', NO_VIEW, samples, noClaim);
    expect(plan.runs.map((r) => r.record.name.split(' · ')[0])).toEqual(Array(6).fill('mha-vs-mqa'));
    expect(plan.fileName).toBe('mha-vs-mqa-report.html');
    const html = buildHtmlReport(plan.runs, plan.experiment, plan.options);
    expect(html).toContain('<title>mha-vs-mqa — PaLM Workbench report</title>');
    expect(html).not.toContain('serial-vs-parallel');
    expect(html).toContain('<span class="prompt">The </span>whale');
    expect(html).not.toContain('from B');
  });

  it('gives the verdicts of the verdict cards, not pairs across experiments', () => {
    const plan = planReport(entries, 'A', NO_VIEW, {}, noClaim);
    const json = JSON.parse(buildJsonReport(plan.runs, plan.experiment, plan.options.experimentOf)) as JsonReport;
    const cards = buildVerdictCards(entries).filter((c) => c.groupId === 'A');
    expect(json.claims.map((c) => [c.id, c.verdict])).toEqual(cards.map((c) => [c.claimId, c.verdict]));
    expect(json.claims.map((c) => c.id)).toEqual(['attention']);
  });

  it('pairs runs ticked across experiments only inside their own (the base configs are equal)', () => {
    const plan = planReport(entries, SHOWN_RUNS, NO_VIEW, {}, noClaim);
    const claims = judgeClaims(plan.runs, undefined, plan.options);
    const block = claims.find((c) => c.id === 'block')!;
    const attention = claims.find((c) => c.id === 'attention')!;
    // One pair each: PaLM's side is the experiment's own base, over its 3 seeds.
    expect(block.effects.filter((e) => e.metric === 'finalValLoss').map((e) => e.baseline.mean)).toEqual([
      expect.closeTo(2.51, 12),
    ]);
    expect(attention.effects.filter((e) => e.metric === 'finalValLoss').map((e) => e.baseline.mean)).toEqual([
      expect.closeTo(2.31, 12),
    ]);
    // Unscoped, the equal base configs merge into one unit and borrow each other's runs.
    const mixed = judgeClaims(plan.runs).find((c) => c.id === 'block')!;
    expect(mixed.effects.find((e) => e.metric === 'finalValLoss')!.baseline.mean).not.toBeCloseTo(2.51, 6);
  });

  it('names a 3-seed mean after its variant, not its seed-0 run', () => {
    const attention = judgeClaims(planReport(entries, 'A', NO_VIEW, {}, noClaim).runs, ['attention'])[0]!;
    expect(attention.effects[0]!.variant.name).toBe('mha-vs-mqa · mha');
  });

  it('colours a variant’s seeds alike, in the report as on screen, and says N in its legend', () => {
    // The store styles each variant once (its seeds alike), as it does when the runs come.
    const styled = createWorkbenchStore();
    styled.getState().addRuns(entries.map((e) => ({ ...e, style: undefined })));
    const stored = styled.getState().order.map((id) => styled.getState().runs[id]!);
    const variants = groupVariants(stored);
    expect(variants.map((v) => [v.name, v.runIds.length])).toEqual([
      ['mha-vs-mqa · mqa', 3],
      ['mha-vs-mqa · mha', 3],
      ['serial-vs-parallel · parallel', 3],
      ['serial-vs-parallel · serial', 3],
    ]);
    expect(new Set(variants.map((v) => v.style.colour)).size).toBe(4);
    expect(new Set(stored.slice(0, 3).map((e) => e.style!.colour)).size).toBe(1);
    // Deleting a variant recolours no other.
    styled.getState().removeRun(stored[0]!.record.id);
    styled.getState().removeRun(stored[1]!.record.id);
    styled.getState().removeRun(stored[2]!.record.id);
    const after = groupVariants(styled.getState().order.map((id) => styled.getState().runs[id]!));
    expect(after.map((v) => v.style)).toEqual(variants.slice(1).map((v) => v.style));
    const plan = planReport(stored, 'A', NO_VIEW, {}, noClaim);
    const [mqa, mha] = variants;
    expect(plan.options.colours).toEqual([...Array(3).fill(mqa!.style.colour), ...Array(3).fill(mha!.style.colour)]);
    const html = buildHtmlReport(plan.runs, plan.experiment, plan.options);
    expect(html).toContain('mha-vs-mqa · mqa (N = 3)');
  });

  it('reports the ticked runs as "Selected runs" and leaves out hidden ones', () => {
    const hidden = Object.fromEntries(entries.slice(3).map((e) => [e.record.id, true]));
    const plan = planReport(entries, SHOWN_RUNS, { hidden, margins: {} }, {}, noClaim);
    expect(plan.runs).toHaveLength(3);
    expect(plan.fileName).toBe('Selected-runs-report.html');
  });
});

describe('the comparison per variant', () => {
  it('gives each variant of several seeds its mean ± sd and N (numpy: 2.31 ± 0.01; 2.27833 ± 0.007638)', () => {
    const rows = buildVariantRows(
      buildComparisonRows(entries.map((e) => ({ record: e.record, metrics: e.metrics }))),
      groupVariants(entries),
    );
    expect(rows.map((r) => [r.name, r.n])).toEqual([
      ['mha-vs-mqa · mqa', 3],
      ['mha-vs-mqa · mha', 3],
      ['serial-vs-parallel · parallel', 3],
      ['serial-vs-parallel · serial', 3],
    ]);
    expect(rows[0]!.values.finalValLoss!.mean).toBeCloseTo(2.31, 12);
    expect(rows[0]!.values.finalValLoss!.sd).toBeCloseTo(0.01, 12);
    expect(rows[1]!.values.finalValLoss!.mean).toBeCloseTo(2.2783333333333333, 12);
    expect(rows[1]!.values.finalValLoss!.sd).toBeCloseTo(0.007637626158259823, 12);
    expect(rows[1]!.seeds.map((s) => s.values.finalValLoss)).toEqual([2.27, 2.28, 2.285]);
  });
});
