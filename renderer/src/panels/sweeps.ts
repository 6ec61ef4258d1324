// The sweep plots the workbench shows (pure): per experiment that sweeps a key, one plot per ladder rung (one without
// a ladder), each variant in its first run's style (runs/variants.ts) unless two share a colour, and named without the
// experiment's prefix.
import { findSweeps, pickSweepColours, titleSweep, type SweepPlot } from '../../../core/report';
import { RUN_COLOURS, type RunStyle } from '../palette';
import { groupRuns, nameInExperiment } from '../runs/groups';
import { variantStyles } from '../runs/variants';
import type { RunEntry } from '../store/types';

export interface SweepPanelPlot {
  /** Stable across redraws: the experiment group's id and the rung. */
  key: string;
  experiment: string;
  title: string;
  plot: SweepPlot;
  /** Per variant of the plot: its style and its name inside the experiment. */
  styles: RunStyle[];
  names: string[];
}

/** The first runs' styles where their colours differ, else the palette's colours by variant (pickSweepColours). */
function pickSweepStyles(firstRuns: RunStyle[]): RunStyle[] {
  const own = firstRuns.map((s) => s.colour);
  const picked = pickSweepColours(own, RUN_COLOURS);
  return picked.every((colour, k) => colour === own[k]) ? firstRuns : picked.map((colour) => ({ colour }));
}

export function planSweepPlots(entries: readonly RunEntry[]): SweepPanelPlot[] {
  const styles = variantStyles(entries);
  const byId = new Map(entries.map((e) => [e.record.id, e]));
  return groupRuns(entries).flatMap((group) => {
    const runs = group.runIds.map((id) => byId.get(id)!); // a group lists entries' ids
    return findSweeps(runs).map((plot) => ({
      key: `${group.id}/${plot.rung?.index ?? ''}`,
      experiment: group.name,
      title: titleSweep(plot),
      plot,
      styles: pickSweepStyles(plot.variants.map((v) => styles.get(runs[v.firstRun]!.record.id)!)), // every entry has one
      names: plot.variants.map((v) => nameInExperiment(v.name, group.name)),
    }));
  });
}
