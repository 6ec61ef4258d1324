// The Markdown report: the claim beside the measurements, the summary table and the varied keys, for a README,
// an issue or a lab notebook. Charts stay in the HTML report; the full base config rides along as JSON.
import type { RunData } from '../record';
import { describeClaimLines, describeMainEffect, describeScale } from './claim-cards';
import { escapeMarkdownCell, escapeMarkdownText } from './escape';
import { judgeClaims, type ExperimentOf } from './evidence';
import { toTargetInputs } from './to-target';
import { computeMainEffects } from './main-effects';
import {
  buildSummaryRows,
  describeMeasured,
  findBaseRunIndex,
  listRunNotes,
  listVariedKeysByVariant,
  SUMMARY_HEADERS,
  type ReportExperiment,
} from './summary';
import { variantName } from './units';

/** Columns from textColumns on are numbers, right-aligned. */
function renderTable(headers: string[], rows: string[][], textColumns: number): string[] {
  const line = (cells: string[]) => `| ${cells.map(escapeMarkdownCell).join(' | ')} |`;
  return [
    line(headers),
    `|${headers.map((_, i) => (i < textColumns ? ' --- ' : ' ---: ')).join('|')}|`,
    ...rows.map(line),
  ];
}

/** `experimentOf` names each run's experiment when the runs span several: verdicts pair only inside one. */
export function buildMarkdownReport(
  runs: RunData[],
  experiment?: ReportExperiment,
  experimentOf?: ExperimentOf,
): string {
  const out: string[] = [`# ${escapeMarkdownText(experiment?.name ?? 'Training report')}`, ''];
  if (experiment?.description) out.push(escapeMarkdownText(experiment.description), '');
  const verdicts = judgeClaims(runs, experiment?.claims, { experimentOf, ...toTargetInputs(experiment) });
  if (verdicts.length) out.push('## Verdicts', '');
  for (const r of verdicts) {
    out.push(
      `**${escapeMarkdownText(r.title)}: ${r.verdict}** ${describeScale(r)} — ${escapeMarkdownText(r.claim)}`,
      '',
    );
    out.push(...describeClaimLines(r).map((l) => `${l.startsWith(' ') ? '  ' : ''}- ${escapeMarkdownText(l.trim())}`));
    out.push(...r.notes.map((n) => `- ${escapeMarkdownText(n)}`), '');
  }
  const mainEffects = computeMainEffects(runs, experimentOf);
  if (mainEffects.length) {
    out.push('**Main effects** (each switch averaged over the others):', '');
    out.push(...mainEffects.map((m) => `- ${escapeMarkdownText(describeMainEffect(m))}`), '');
  }
  if (experiment?.claim) out.push(`**The paper's claim:** ${escapeMarkdownText(experiment.claim)}`, '');
  const measured = describeMeasured(runs);
  if (measured.length) out.push('**Measured here:**', '', ...measured.map((m) => `- ${escapeMarkdownText(m)}`), '');

  out.push('## Summary', '');
  const rows = buildSummaryRows(runs).map((r) => [r.label ? `${r.name} (${r.label})` : r.name, r.status, ...r.cells]);
  out.push(...renderTable(SUMMARY_HEADERS, rows, 2), '');
  const notes = listRunNotes(runs);
  if (notes.length) out.push(...notes.map((n) => `- ${escapeMarkdownText(n)}`), '');

  const { columns, keys: varied } = listVariedKeysByVariant(runs);
  if (runs.length > 1 && varied.length) {
    out.push(
      '## What differs',
      '',
      ...renderTable(
        ['Key', ...columns.map((i) => variantName(runs[i]!.record.name))],
        varied.map((v) => [v.key, ...v.values]),
        columns.length + 1,
      ),
      '',
    );
  }
  if (runs.length) {
    const base = runs[findBaseRunIndex(runs)]!.record;
    out.push(
      `## Base config (${escapeMarkdownText(base.name)}, seed ${base.seed})`,
      '',
      '```json',
      JSON.stringify(base.config, null, 2),
      '```',
      '',
    );
  }
  return out.join('\n');
}
