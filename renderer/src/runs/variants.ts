// Runs grouped into variants (pure): the runs of one experiment whose configs differ only in the seed. A variant is
// what the charts draw as one line (the mean over its seeds) and what a colour belongs to: the style the store gave
// the variant when its first run came (workbench-store.ts styleRuns, stored with every run), so every seed shares
// it, variants differ while there are colours left, and neither a reload nor a deletion recolours one.
import { variantIndexes, variantName } from '../../../core/report';
import { pickRunStyle, type RunStyle } from '../palette';
import type { RunEntry } from '../store/types';

export interface Variant {
  /** Stable across reloads: the experiment's id and the variant's first run id. */
  key: string;
  /** "mha-vs-mqa · mha" (without the seed): unambiguous on a chart of several experiments. */
  name: string;
  runIds: string[];
  /** Its first run's: its seeds share it. */
  style: RunStyle;
}

/** Variants in the order their first run appears; runs of different experiments never share one. */
export function groupVariants(entries: readonly RunEntry[]): Variant[] {
  const byExperiment = new Map<string, RunEntry[]>();
  for (const e of entries) {
    const id = e.experiment?.id ?? `run:${e.record.id}`;
    byExperiment.set(id, [...(byExperiment.get(id) ?? []), e]);
  }
  const variants: Variant[] = [];
  for (const members of byExperiment.values()) {
    const indexes = variantIndexes(members);
    const local: Variant[] = [];
    members.forEach((e, i) => {
      const k = indexes[i]!; // one index per member
      local[k] ??= {
        key: `${e.experiment?.id ?? 'run'}/${e.record.id}`,
        name: variantName(e.record.name),
        runIds: [],
        // Styled by the store when it first held the run; a bare entry (never on screen) gets its hashed colour.
        style: e.style ?? pickRunStyle(e.record.id, []),
      };
      local[k].runIds.push(e.record.id);
    });
    variants.push(...local);
  }
  return variants;
}

/** Each run's style: its variant's. */
export function variantStyles(entries: readonly RunEntry[]): Map<string, RunStyle> {
  return new Map(groupVariants(entries).flatMap((v) => v.runIds.map((id) => [id, v.style] as const)));
}

/**
 * The Chart checkboxes after a legend click: a click hides a shown variant's runs or shows a hidden one's; a
 * shift-click shows the variant alone, or, when it is alone already, every variant again.
 */
export function toggleVariant(
  hidden: Readonly<Record<string, boolean>>,
  variants: readonly Variant[],
  key: string,
  isolate: boolean,
): Record<string, boolean> {
  const target = variants.find((v) => v.key === key);
  if (!target) return { ...hidden };
  const shown = (v: Variant) => v.runIds.some((id) => !hidden[id]);
  const set = (out: Record<string, boolean>, v: Variant, hide: boolean) => {
    for (const id of v.runIds) out[id] = hide;
  };
  const out = { ...hidden };
  if (!isolate) {
    set(out, target, shown(target));
    return out;
  }
  const alone = shown(target) && variants.every((v) => v === target || !shown(v));
  for (const v of variants) set(out, v, alone ? false : v !== target);
  return out;
}
